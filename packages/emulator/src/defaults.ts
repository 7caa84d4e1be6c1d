/** The bearer token an emulator accepts when no `tokens` option is given. */
export const EMULATOR_TOKEN = "emulator-token";

export const DEFAULT_PAGE_SIZE = 20;

/** 16 MiB: a request carrying a 10 MB file as a base64 data URI (about 13.4 MB) still fits. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Objects and arrays nested deeper in a JSON body get a 400: far more than any model input needs. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Requests `GET /_emulator/requests` keeps; the oldest is dropped past it. */
export const DEFAULT_REQUEST_LOG_LIMIT = 1000;

/** Bytes of each body the request log keeps (64 KiB): 1,000 entries hold at most 64 MiB of bodies. */
export const DEFAULT_REQUEST_LOG_BODY_BYTES = 64 * 1024;

/** Every path of the API lives under this prefix, as on the real service. */
export const API_PREFIX = "/v1";

/** The account every request acts as; it owns the built-in models and whatever a client creates. */
export const ACCOUNT = { type: "organization", username: "dashscope", name: "Dashscope Emulator" } as const;
