/** Everything a random or injected fault can do to a request. */
export type FaultKind =
  | "429"
  | "500"
  | "502"
  | "503"
  | "408"
  | "reset"
  | "sse-drop"
  | "slow"
  | "html-502"
  | "empty-500";

import type { ModelDefinition } from "./define-model";

/** The chance (0 to 1) of each fault on each request; the rates other than "sse-drop" may add up to 1 at most. */
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface EmulatorOptions {
  /** Accepted bearer tokens; default `["emulator-token"]`. */
  tokens?: string[];
  /** Multiplies every model duration and built-in delay (not `Prefer: wait` windows); default 1. */
  timeScale?: number;
  /** Items per list page; default 20. */
  pageSize?: number;
  /** Honour `Prefer: wait` on `GET /predictions/{id}` and `GET /trainings/{id}`; default true. */
  longPoll?: boolean;
  /** Random faults, e.g. `"429=0.15,500=0.03,reset=0.05,sse-drop=0.1,slow=0.05"`. */
  faults?: string | FaultRates;
  /**
   * Web pages (by `Origin`, e.g. `"https://app.example:8443"`) that may call the emulator besides those
   * on loopback (`localhost`, `127.x.x.x`, `[::1]`, any port); `"*"` for any. Others get 403.
   */
  allowedOrigins?: string[];
  /**
   * Names the emulator answers as (the `Host` header, e.g. `"devbox.local"`) besides loopback ones and
   * the address it listens on; `"*"` for any. Others get 403, which defeats DNS rebinding.
   */
  allowedHosts?: string[];
  /** Bodies above this size are answered with 413; default 16 MiB. */
  maxBodyBytes?: number;
  /** JSON bodies nesting objects and arrays deeper than this are answered with 400; default 64. */
  maxJsonDepth?: number;
  /** Requests the request log keeps (`emulator.requests`, `GET /_emulator/requests`), the oldest dropped; default 1,000. */
  requestLogLimit?: number;
  /** Bytes of each request body the log keeps (longer ones are cut and marked `truncated`); default 64 KiB. */
  requestLogBodyBytes?: number;
  /**
   * Makes every id (predictions, trainings, files, served file paths, request ids, webhook message
   * ids), the webhook secret and the fault dice the same on every run.
   */
  seed?: number;
  /** The webhook signing secret (`whsec_` and base64); default: random, or derived from `seed`. */
  webhookSecret?: string;
  /** Your own models, from `defineModel`, served beside the built-in ones. */
  models?: readonly ModelDefinition[];
  /** Serve the built-in models (and the `dashscope/hello` deployment); default true. */
  builtins?: boolean;
  /**
   * `"manual"`: time stands still until `emulator.advance(ms)` moves it, so a test steps runs through
   * their states without sleeping. Default `"real"`.
   */
  clock?: "real" | "manual";
}

/** One request as `GET /_emulator/requests` and `emulator.requests` show it. */
export interface ReceivedRequest {
  method: string;
  /** The path relative to `/v1` (`/predictions`), or the whole path for requests outside it. */
  path: string;
  query: Record<string, string>;
  /**
   * Lowercased names; the `Authorization` value is replaced by `Bearer [redacted]`, and those of
   * `Cookie`, `X-Api-Key` and `Proxy-Authorization` by `[redacted]`.
   */
  headers: Record<string, string>;
  /**
   * A JSON body parsed, another text body as text, otherwise (no body, binary, multipart, or a
   * request refused with 401) null.
   */
  body: unknown;
  /** Present when the body was longer than `requestLogBodyBytes`: `body` is then its start, as text. */
  truncated?: true;
  /** The answer's status (0 while it is being answered, or for a dropped connection). */
  status: number;
}

/** A fault that hits the next matching request(s), whatever the random rates say. */
export interface InjectedFault {
  kind: FaultKind;
  /** `"METHOD /path"` prefix, the path relative to `/v1` (`"POST /predictions"`); default: any API request. */
  match?: string;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** For 429: the `Retry-After` value to send (`"1"`, `"0"` or an HTTP date); omitted: none is sent. */
  retryAfter?: string;
  /** For 429: also send `retry-after-ms`. */
  retryAfterMs?: number;
  /** For "slow": how long to hold the answer, in real milliseconds (not time-scaled). */
  delayMs?: number;
  /** For "sse-drop": drop the connection after this many events were written; default 1. */
  afterEvents?: number;
  /**
   * Run the route first, then lose its answer ("reset") or replace it (a status kind), or hold it
   * ("slow"): the create happened, but the client never hears of it. Default false: the fault answers
   * instead of the route, and nothing is created.
   */
  afterRoute?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The path relative to `/v1` (without the query), or the whole path for requests outside it. */
  path: string;
  /** The route template that answered (`"/predictions/{id}"`), or the path when no route matched. */
  route: string;
  status: number;
  idempotencyKey: string | null;
  prefer: string | null;
  lastEventId: string | null;
  authorized: boolean;
  hadAuthorizationHeader: boolean;
  /** The fault that answered this request, if any. */
  fault: FaultKind | null;
}

export interface RecordedWebhookDelivery {
  url: string;
  webhookId: string;
  /** The receiver's status, or null when it could not be reached. */
  status: number | null;
  event: string;
  /** The prediction's or training's id. */
  runId: string;
  /** 1 for the first attempt, 2 for its first retry, and so on. */
  attempt: number;
}

export interface EmulatorStats {
  predictionsCreated: number;
  trainingsCreated: number;
  deploymentsCreated: number;
  filesCreated: number;
  requests: RecordedRequest[];
  /** Request counts keyed by `"METHOD /route status"`, e.g. `"POST /predictions 201"`. */
  countByRoute(): Record<string, number>;
  webhookDeliveries: RecordedWebhookDelivery[];
  reset(): void;
}

export interface ListeningAddress {
  /** The API base URL, e.g. `http://127.0.0.1:8787/v1`. */
  url: string;
  port: number;
}

export interface Emulator {
  /** Answers one request in process, without a socket. A "reset" fault rejects with a `TypeError`. */
  fetch(request: Request): Promise<Response>;
  /** Listens on `host` (default 127.0.0.1) and `port` (default 0: any free port). */
  listen(port?: number, host?: string): Promise<ListeningAddress>;
  /** Stops the server, ends open streams, cancels runs and webhook deliveries, and clears every timer. */
  close(): Promise<void>;
  readonly stats: EmulatorStats;
  injectFault(fault: InjectedFault): void;
  setFaults(faults: string | FaultRates | null): void;
  /** Every request to the API since the start or the last reset, oldest first. */
  readonly requests: readonly ReceivedRequest[];
  /** Every webhook delivery attempt since the start or the last reset. */
  readonly webhookDeliveries: readonly RecordedWebhookDelivery[];
  /** The webhook signing secret (`GET /webhooks/default/secret`). */
  readonly webhookSecret: string;
  /**
   * Back to how the emulator started: runs in progress are canceled, and predictions, trainings,
   * files, deployments, models created over the API, trained versions, idempotency keys, the request
   * log, webhook deliveries, stats and injected faults are cleared. The models it was created with stay.
   */
  reset(): void;
  /** With `clock: "manual"`: moves time forward, firing every timer that falls due, in order. */
  advance(milliseconds: number): Promise<void>;
}
