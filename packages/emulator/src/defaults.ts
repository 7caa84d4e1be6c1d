/** The bearer token an emulator accepts when no `tokens` option is given. */
export const EMULATOR_TOKEN = "emulator-token";

export const DEFAULT_PAGE_SIZE = 20;

/** 16 MiB: a request carrying a 10 MB file as a base64 data URI (about 13.4 MB) still fits. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Every path of the API lives under this prefix, as on the real service. */
export const API_PREFIX = "/v1";

/** The account every request acts as; it owns the built-in models and whatever a client creates. */
export const ACCOUNT = { type: "organization", username: "dashscope", name: "Dashscope Emulator" } as const;
