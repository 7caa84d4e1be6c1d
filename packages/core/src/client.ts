import { invalidArgument } from "./errors/invalid-argument-error";
import { checkHeaderValue, setHeaders } from "./header-value";
import { isHttpUrl } from "./http-url";
import { isPlainObject } from "./plain-object";
import { REDACTED } from "./redact";
import { VERSION } from "./version";
import { checkWholeNumber } from "./whole-number";

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** The API token. Defaults to the `DASHSCOPE_API_TOKEN` environment variable where there is one. */
  auth?: string | undefined;
  /** Defaults to the `DASHSCOPE_BASE_URL` environment variable, or `https://api.dashscope.com/v1`. */
  baseUrl?: string | undefined;
  /** Defaults to `dashscope/<version>`. */
  userAgent?: string | undefined;
  /** Defaults to `globalThis.fetch`, looked up at each call so that a later polyfill or mock is seen. */
  fetch?: FetchFunction | undefined;
  /** How many times a failed request is repeated where that is safe. Defaults to 2; 0 means never. */
  maxRetries?: number | undefined;
  /** Per-attempt time limit in milliseconds, up to the answer's headers (a JSON answer's whole body). Defaults to 120 000. */
  timeout?: number | undefined;
  /** Time in milliseconds that cleaning up after an abort (canceling the prediction) may take in all. Defaults to 10 000. */
  cleanupTimeout?: number | undefined;
  /** Headers sent with every request to the API's origin (like the token, never to another one). */
  headers?: Record<string, string> | undefined;
  /** Maps `run`'s output: `toFileOutputs` turns URL outputs into `FileOutput`s. Without it, outputs stay URL strings. */
  useFileOutput?: FileOutputMapper | undefined;
  /** How `Blob` and byte inputs are sent: `dataUriEncoder` or an uploader such as `uploadFileInput`. Without it, they are refused. */
  fileEncodingStrategy?: FileEncodingStrategy | undefined;
}

/** Everything a request needs, as plain data. Every area function takes one first. */
export interface Client {
  auth: string | undefined;
  baseUrl: string;
  userAgent: string;
  /** Every request goes through it; wrap or replace it to log or change requests. */
  fetch: FetchFunction;
  maxRetries: number;
  timeout: number;
  cleanupTimeout: number;
  headers: Record<string, string>;
  useFileOutput?: FileOutputMapper | undefined;
  fileEncodingStrategy?: FileEncodingStrategy | undefined;
}

// The two functions a client can be given take the client back: their types live here, beside
// `Client`, so that the file-input and file-output modules depend on this one and not the other way.

/**
 * Turns one file input into the string sent in its place: a URL (see `uploadFileInput` in
 * @dashscope/files) or a data URI (`dataUriEncoder`). `total` is the size in bytes of all the file
 * inputs of the request.
 */
export type FileUploader = (
  client: Client,
  file: Blob,
  options: { signal?: AbortSignal | undefined; total?: number | undefined },
) => Promise<string>;

/** A client's `fileEncodingStrategy`: `dataUriEncoder`, `uploadFileInput` or an uploader of your own. */
export type FileEncodingStrategy = FileUploader;

/** A client's `useFileOutput`: maps `run`'s output, such as `toFileOutputs`. */
export type FileOutputMapper = (client: Client, output: unknown) => unknown;

export const DEFAULT_BASE_URL = "https://api.dashscope.com/v1";

/** A `DASHSCOPE_*` environment variable, where the runtime has an environment and lets us read it. */
function environment(name: "DASHSCOPE_API_TOKEN" | "DASHSCOPE_BASE_URL"): string | undefined {
  try {
    return (
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] ||
      undefined
    );
  } catch {
    // Deno without --allow-env throws on access; there is simply no such variable then.
  }
}

/**
 * The default `fetch`: `globalThis.fetch` looked up at each call, so that a polyfill or mock installed
 * later is used, and called detached, since a browser's fetch throws "Illegal invocation" when called
 * as a method of another object (`client.fetch(…)`).
 */
const defaultFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

/**
 * The API token, trimmed (a token read from a file often ends in a line break). Anything but visible
 * ASCII inside it would make an invalid header, and the runtime's error for that prints the whole
 * value: refused here, without showing it.
 */
export function checkAuth(auth: unknown): string | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth !== "string" || /[^\x21-\x7e]/.test(auth.trim())) {
    // The value is left out of the message: it may hold the token.
    throw invalidArgument("auth", "a string of visible ASCII characters");
  }
  // An empty token is no token.
  return auth.trim() || undefined;
}

type Check = (value: unknown, name: string) => unknown;

/** A check that refuses, showing it, a value `test` does not pass, and keeps the value as it is. */
const shown =
  (test: (value: unknown) => unknown, expected: string): Check =>
  (value, name) => {
    if (!test(value)) throw invalidArgument(name, expected, value);
    return value;
  };
const optionalFunction = (value: unknown) => value === undefined || typeof value === "function";

const checkTimeout: Check = (value, name) => checkWholeNumber(value, name, 1);

/**
 * The client's `headers`, kept as a copy. Only a plain object: spreading a string or a Headers
 * instance would quietly give headers named "0", "1", … or none.
 */
const checkClientHeaders: Check = (value, name) => {
  if (!isPlainObject(value)) throw invalidArgument(name, "an object", value);
  setHeaders({}, value, name);
  return { ...value };
};

/** A string, shown when it is not one; as a header value, hidden (it may carry a key). */
const checkUserAgent: Check = (value, name) => {
  if (typeof value !== "string") throw invalidArgument(name, "a string", value);
  checkHeaderValue(value, name);
  return value;
};

/**
 * Every client option with its one check, which returns the value to keep. `request` runs the checks
 * of the options it reads again before each request: a client is plain data, and any of it (the
 * class lets users set `auth`) may have changed since. The `shown(…)` calls are marked pure so that
 * a bundle using core without `createClient` (webhooks alone, say) leaves the table out.
 */
const CHECKS: Record<keyof Client, Check> = {
  fetch: /* @__PURE__ */ shown((value) => typeof value === "function", "a function"),
  headers: checkClientHeaders,
  userAgent: checkUserAgent,
  useFileOutput: /* @__PURE__ */ shown(optionalFunction, "a function such as toFileOutputs"),
  fileEncodingStrategy: /* @__PURE__ */ shown(optionalFunction, "a function such as dataUriEncoder"),
  auth: checkAuth,
  // Kept as given, a trailing `/` included: routes are joined to it with exactly one `/`.
  baseUrl: /* @__PURE__ */ shown(isHttpUrl, "an absolute http(s) URL"),
  maxRetries: checkWholeNumber,
  timeout: checkTimeout,
  cleanupTimeout: checkTimeout,
};

/** Validates the options once and returns the plain `Client` every area function takes. */
export function createClient(options: ClientOptions = {}): Client {
  if (typeof options !== "object" || options === null) {
    throw invalidArgument("options", "an object", options);
  }
  const defaults: Record<string, unknown> = {
    auth: environment("DASHSCOPE_API_TOKEN"),
    baseUrl: environment("DASHSCOPE_BASE_URL") ?? DEFAULT_BASE_URL,
    fetch: defaultFetch,
    maxRetries: 2,
    timeout: 120_000,
    cleanupTimeout: 10_000,
    headers: {},
    userAgent: `dashscope/${VERSION}`,
  };
  // Each option where it is given, else its default, checked. Started as a copy of the defaults so
  // that the client lists its options in their order.
  const client: Record<string, unknown> = { ...defaults };
  for (const [name, check] of Object.entries(CHECKS)) {
    const value = options[name as keyof ClientOptions];
    client[name] = check(value === undefined ? defaults[name] : value, name);
  }
  // `auth` stays an ordinary property, so that `{ ...client, timeout }` copies keep the token; logging
  // the client (util.inspect, console.log, JSON.stringify) shows everything but the token.
  const withoutToken = () => ({ ...client, auth: client.auth && REDACTED });
  return Object.defineProperties(client as unknown as Client, {
    toJSON: { value: withoutToken },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: withoutToken },
  });
}
