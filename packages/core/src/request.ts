import { attemptSignal, sleep, throwIfAborted } from "./abortable";
import { apiErrorFromResponse } from "./api-error-from-response";
import type { Client } from "./client";
import { AbortError } from "./errors/abort-error";
import { ConnectionError } from "./errors/connection-error";
import { InvalidResponseError } from "./errors/invalid-response-error";
import { MissingAuthError } from "./errors/missing-auth-error";
import { TimeoutError } from "./errors/timeout-error";
import { createIdempotencyKey } from "./idempotency-key";
import { isPlainObject } from "./plain-object";
import { backoffDelay, MAX_RETRY_AFTER, retryAfterOf } from "./retry-timing";
import { isApiOrigin, type QueryParameters, resolveUrl } from "./url";

export interface RequestOptions {
  /** Defaults to GET. */
  method?: string;
  query?: QueryParameters;
  /** A plain object or array is sent as JSON; `FormData`, `Blob`, strings and bytes are sent as they are. */
  body?: unknown;
  /** A plain object, a `Headers` instance or name–value pairs. */
  headers?: Record<string, string> | Headers | Array<[string, string]>;
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout, in milliseconds. */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Marks a create: `true` generates a key, a string is used as is. Either way it is kept across retries. */
  idempotencyKey?: string | boolean | undefined;
  /** Safe to repeat after a 5xx or a lost connection even though the method is not (a cancel). */
  idempotent?: boolean | undefined;
}

const SAFE_METHODS = ["GET", "HEAD", "OPTIONS", "DELETE", "QUERY"];

/**
 * Sends one API request and returns the `Response` of its first 2xx answer. Retries 429 always, and
 * 408, 5xx and lost connections where a repeat is safe; throws an `ApiError` for any other answer.
 */
export async function request(
  client: Client,
  route: string,
  options: RequestOptions = {},
): Promise<Response> {
  const { signal, body } = options;
  const method = (options.method ?? "GET").toUpperCase();
  const url = resolveUrl(client, route, options.query);
  // What errors show: no query, and never the token, which only travels in a header.
  const address = `${url.origin}${url.pathname}`;
  // The client's headers and token may be secrets: they go only to the API's own origin.
  const apiOrigin = isApiOrigin(client, url);
  const headers = new Headers(apiOrigin ? client.headers : undefined);
  headers.set("User-Agent", client.userAgent);
  const isJson = isPlainObject(body) || Array.isArray(body);
  const payload = isJson ? JSON.stringify(body) : (body as BodyInit | undefined);
  if (isJson) headers.set("Content-Type", "application/json");
  new Headers(options.headers).forEach((value, name) => {
    headers.set(name, value);
  });
  if (apiOrigin) {
    if (!client.auth) throw new MissingAuthError();
    headers.set("Authorization", `Bearer ${client.auth}`);
  }
  const key = options.idempotencyKey === true ? createIdempotencyKey() : options.idempotencyKey || undefined;
  if (key) headers.set("Idempotency-Key", key);
  const safe = Boolean(key || options.idempotent) || SAFE_METHODS.includes(method);
  const maxRetries = options.maxRetries ?? client.maxRetries;
  const limit = options.timeout ?? client.timeout;

  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal);
    const retriesLeft = attempt < maxRetries;
    const attemptControl = attemptSignal(signal, limit);
    let response: Response;
    try {
      // Called detached: a browser's fetch throws "Illegal invocation" when called as a method of another object.
      const fetchFunction = client.fetch ?? globalThis.fetch;
      response = await fetchFunction(url.href, {
        method,
        headers,
        body: payload,
        signal: attemptControl.signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw new AbortError(signal.reason);
      const failure = attemptControl.timedOut()
        ? new TimeoutError(`${method} ${address} timed out after ${limit} ms`)
        : new ConnectionError(method, address, cause);
      if (!safe || !retriesLeft) throw failure;
      await sleep(backoffDelay(attempt), signal);
      continue;
    } finally {
      attemptControl.release();
    }
    if (response.ok) return response;

    const status = response.status;
    const retryable = status === 429 || (safe && (status === 408 || status >= 500));
    const retryAfter = retryAfterOf(response.headers);
    if (!retryable || !retriesLeft || (retryAfter ?? 0) > MAX_RETRY_AFTER) {
      throw await apiErrorFromResponse(response, method, address, retryAfter);
    }
    // Nobody reads this body; cancelling it frees the connection at once.
    await response.body?.cancel().catch(() => {});
    await sleep(retryAfter ?? backoffDelay(attempt), signal);
  }
}

/** `request`, then the answer's JSON; a 2xx answer that is not JSON is an `InvalidResponseError`. */
export async function requestJson<T>(client: Client, route: string, options?: RequestOptions): Promise<T> {
  const response = await request(client, route, options);
  if (response.status === 204 || response.status === 205) return undefined as T;
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    const requestId = response.headers.get("x-request-id");
    throw new InvalidResponseError(
      `${options?.method ?? "GET"} ${response.url || route} answered ${response.status} with a body that is not JSON${requestId ? ` (request id ${requestId})` : ""}: ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
}
