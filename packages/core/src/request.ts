import { sleep, throwIfAborted } from "./abortable";
import { apiErrorFromResponse } from "./api-error-from-response";
import { type Client, checkAuth } from "./client";
import { ConnectionError } from "./errors/connection-error";
import { invalidArgument } from "./errors/invalid-argument-error";
import { InvalidResponseError } from "./errors/invalid-response-error";
import { MissingAuthError } from "./errors/missing-auth-error";
import { TimeoutError } from "./errors/timeout-error";
import { fetchCache } from "./fetch-cache";
import { checkHeaderValue, setHeaders } from "./header-value";
import { createIdempotencyKey } from "./idempotency-key";
import { isPlainObject } from "./plain-object";
import { redact } from "./redact";
import { backoffDelay, MAX_RETRY_AFTER, MAX_THROTTLED_WAIT, retryAfterOf } from "./retry-timing";
import { isApiOrigin, type QueryParameters, resolveUrl } from "./url";
import { checkWholeNumber } from "./whole-number";

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
  /**
   * Read the whole body of a 2xx answer within the attempt, so that one cut off midway is retried like
   * a lost connection (and counts against `timeout`); the `Response` returned is then fully read in.
   */
  buffer?: boolean | undefined;
}

// Methods that change nothing or end in the same state when repeated: retried after a failure.
const SAFE_METHODS = ["GET", "HEAD", "OPTIONS", "DELETE", "QUERY"];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
// As many as fetch itself follows.
const MAX_REDIRECTS = 20;

/**
 * The most bytes a 2xx answer's body read in whole (`buffer`, `requestJson`) may hold: 100 MiB. A larger
 * answer is an `InvalidResponseError` as soon as its size shows, and is not retried: a JSON answer
 * that big is the server's fault, and reading it in would take gigabytes.
 */
export const MAX_ANSWER_BYTES = 104_857_600;

/**
 * The chunks of `response`'s body, read in up to `MAX_ANSWER_BYTES`; past it, an `InvalidResponseError`
 * at once. `sent` names the request in errors: "POST https://…/predictions".
 */
async function readWithinLimit(response: Response, sent: string): Promise<Uint8Array<ArrayBuffer>[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  // Counted as it comes (a compressed body may grow past what it says); refused unread when the answer
  // says it is larger.
  let size = Number(response.headers.get("content-length")) > MAX_ANSWER_BYTES ? Infinity : 0;
  while (size <= MAX_ANSWER_BYTES) {
    const read = await reader.read();
    if (read.done) return chunks;
    size += read.value.byteLength;
    chunks.push(read.value as Uint8Array<ArrayBuffer>);
  }
  reader.cancel().catch(() => {});
  throw new InvalidResponseError(`${sent} answered more than ${MAX_ANSWER_BYTES} bytes`);
}

/** Cancels a body nobody reads, which frees the connection at once. */
const discard = (response: Response) => response.body?.cancel().catch(() => {});

/**
 * Sends one API request and returns the `Response` of its first 2xx answer. Retries 429 always, and
 * 408, 5xx and lost connections where a repeat is safe; throws an `ApiError` for any other answer.
 *
 * Redirects: fetch would carry every header but `Authorization` to wherever a redirect points, and the
 * client's `headers` may be secrets too (an API gateway's key). So requests that carry them use
 * `redirect: "manual"` and follow redirects here: with the token and the client's headers while they
 * stay on the API's origin, and with neither once a hop has left it, even if a later one comes back
 * (fetch follows the rest). Browsers hide a manual redirect behind an opaque answer (`type:
 * "opaqueredirect"`): there the request fails with a `ConnectionError` rather than go where the
 * client cannot see. So does a 21st redirect.
 */
export function request(client: Client, route: string, options: RequestOptions = {}): Promise<Response> {
  return send(client, route, options, async (response, sent) =>
    // A 204 or 205 has no body to read (and a Response made for one may not have one).
    options.buffer && response.body
      ? new Response(new Blob(await readWithinLimit(response, sent)), response)
      : response,
  );
}

/**
 * `request`, reading a 2xx answer's body as text within the attempt (so that one cut off midway is
 * retried): the answer, its text (null for an answer without a body, a 204 or 205) and the request as
 * errors name it ("POST https://…/predictions"). Cheaper than `buffer`, which copies the body into a
 * second `Response` to be read again.
 */
export function requestText(
  client: Client,
  route: string,
  options: RequestOptions = {},
): Promise<[Response, string | null, string]> {
  return send(client, route, options, readText);
}

// One decoder for every answer, never used to stream: Node gives a decoder that has streamed once a
// slower path for good. An answer that came in more than one chunk is joined and decoded by a Blob.
const decoder = /* @__PURE__ */ new TextDecoder();

/** The answer and its body's text, decoded from the chunks read: no copy (a second Response) to read again. */
async function readText(response: Response, sent: string): Promise<[Response, string | null, string]> {
  const chunks = response.body && (await readWithinLimit(response, sent));
  return [response, chunks && (chunks[1] ? await new Blob(chunks).text() : decoder.decode(chunks[0])), sent];
}

/**
 * The loop behind `request` and `requestText`, which differ only in what they make of the first 2xx
 * answer: `read` takes it within the attempt, so reading its body is part of the attempt (one cut off
 * midway is retried like a lost connection, and counts against `timeout`).
 */
async function send<T>(
  client: Client,
  route: string,
  options: RequestOptions,
  read: (response: Response, sent: string) => Promise<T>,
): Promise<T> {
  const { signal, body } = options;
  // Checked again here, with the checks createClient runs on them: a client is plain data, changed at
  // will. What makes a header (the token, the user agent, and below, as they are set, the headers)
  // must still make a valid one.
  const token = checkAuth(client.auth);
  checkHeaderValue(client.userAgent, "userAgent");
  const maxRetries = checkWholeNumber(options.maxRetries ?? client.maxRetries, "maxRetries");
  const limit = checkWholeNumber(options.timeout ?? client.timeout, "timeout", 1);
  let method = options.method ?? "GET";
  if (typeof method !== "string") throw invalidArgument("method", "a string", method);
  // Checked here: AbortSignal.any and fetch would throw a TypeError that names no argument.
  if (signal != null && !(signal instanceof AbortSignal)) {
    throw invalidArgument("signal", "an AbortSignal", signal);
  }
  const key = options.idempotencyKey === true ? createIdempotencyKey() : options.idempotencyKey;
  if (key) checkHeaderValue(key, "idempotencyKey");
  method = method.toUpperCase();
  // Refuses a route that is not a string or makes no URL.
  let url = resolveUrl(client, route, options.query);
  // What errors show: no query, and never the token, which only travels in a header.
  const address = `${url.origin}${url.pathname}`;
  // The client's headers and token may be secrets: they go only to the API's own origin.
  let trusted = isApiOrigin(client, url);
  if (trusted && !token) throw new MissingAuthError();
  const isJson = isPlainObject(body) || Array.isArray(body);
  let payload = body as BodyInit | undefined;
  if (isJson) {
    try {
      payload = JSON.stringify(body);
    } catch {
      // JSON.stringify's TypeError (a cycle, a BigInt) names no argument.
      throw invalidArgument("body", "JSON data");
    }
  }
  // Safe to repeat: a create that carries its key, a call marked idempotent, or a safe method.
  const safe = Boolean(key || options.idempotent) || SAFE_METHODS.includes(method);

  // Time spent waiting out 429s.
  let waitedOut = 0;
  for (let attempt = 0, redirects = 0; ; attempt++) {
    throwIfAborted(signal);
    // A plain object, not a `Headers`: fetch builds a `Headers` of its own from what it is given, so one
    // of ours would be built, checked and read again on every request. The client's headers and the
    // call's are checked as they are set, before anything is sent.
    const headers: Record<string, string> = {};
    if (trusted) setHeaders(headers, client.headers, "headers");
    headers["user-agent"] = client.userAgent;
    if (isJson && payload) headers["content-type"] = "application/json";
    setHeaders(headers, options.headers, "headers");
    if (trusted) headers.authorization = `Bearer ${token}`;
    if (key) headers["idempotency-key"] = key;
    const retriesLeft = attempt < maxRetries;
    // This attempt's signal: aborts when the caller's does or when `limit` passes. The clock stops once
    // the answer's headers are in; the caller's signal still reaches the body after that where
    // `AbortSignal.any` exists (Node 18 lacks it: there it is composed by hand and let go with the
    // clock, to leave no listener on a long-lived signal).
    const clock = new AbortController();
    const stop = () => clock.abort();
    const timer = setTimeout(stop, limit);
    let attemptSignal = clock.signal;
    if (signal && AbortSignal.any) attemptSignal = AbortSignal.any([signal, attemptSignal]);
    else signal?.addEventListener("abort", stop);
    let response: Response;
    let answered = false;
    try {
      // Called without `this`: a browser's fetch throws "Illegal invocation" when called as a method of
      // another object (`client.fetch(…)`).
      const fetch = client.fetch;
      response = await fetch(url.href, {
        method,
        headers,
        body: payload,
        signal: attemptSignal,
        redirect: trusted ? "manual" : "follow",
        // Never answered from a framework's data cache (fetch-cache.ts).
        cache: fetchCache(),
      });
      // Followed here only for the API's origin (fetch follows the others itself).
      const location =
        trusted && REDIRECT_STATUSES.includes(response.status) ? response.headers.get("location") : null;
      if (location) redirects++;
      if (response.type === "opaqueredirect" || redirects > MAX_REDIRECTS) {
        throw new Error("could not follow a redirect");
      }
      if (location) {
        await discard(response);
        url = new URL(location, url);
        trusted = isApiOrigin(client, url);
        // A 303 asks for a GET (fetch also turns a POST into a GET on 301 and 302; HTTP lets a client keep it).
        if (response.status === 303) {
          method = "GET";
          payload = undefined;
        }
        attempt--; // A redirect is not a retry.
        continue;
      }
      if (response.ok) {
        answered = true;
        return await read(response, `${method} ${address}`);
      }
    } catch (cause) {
      throwIfAborted(signal);
      // An answer too large to read: another attempt would bring the same.
      if (cause instanceof InvalidResponseError) throw cause;
      // Not aborted by the caller (that threw above): by the clock, then.
      const failure = clock.signal.aborted
        ? new TimeoutError(`${method} ${address} timed out after ${limit} ms`)
        : new ConnectionError(method, address, cause, answered);
      if (!safe || !retriesLeft) throw failure;
      await sleep(backoffDelay(attempt), signal);
      continue;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    }
    const status = response.status;
    const retryAfter = retryAfterOf(response.headers);
    // A 429 says the server did nothing: one that says when to come back is waited out apart from
    // `maxRetries` (0 still means no retry at all), for up to MAX_THROTTLED_WAIT in all, so that a busy
    // server loses no call. Without a usable Retry-After, it is a failure like a 503.
    const throttled = status === 429 && retryAfter !== undefined && maxRetries > 0;
    // A wait asked for is spread over up to a quarter more, so that many calls told to come back at the
    // same time do not all come back at once.
    const wait = retryAfter === undefined ? backoffDelay(attempt) : retryAfter * (1 + Math.random() / 4);
    if (throttled) waitedOut += wait;
    let retry: boolean;
    if (throttled) retry = waitedOut <= MAX_THROTTLED_WAIT;
    else retry = retriesLeft && (status === 429 || (safe && (status === 408 || status >= 500)));
    // A wait longer than MAX_RETRY_AFTER is not sat out: the call fails at once instead.
    if ((retryAfter ?? 0) > MAX_RETRY_AFTER) retry = false;
    if (!retry) {
      throw await apiErrorFromResponse(response, method, address, retryAfter, token);
    }
    if (throttled) attempt--; // Not a failure: `maxRetries` is left for those.
    // Nobody reads this body; cancelling it frees the connection at once.
    await discard(response);
    await sleep(wait, signal);
  }
}

/** `request`, then the answer's JSON; a 2xx answer that is not JSON is an `InvalidResponseError`. */
export async function requestJson<T>(client: Client, route: string, options?: RequestOptions): Promise<T> {
  const [response, text, sent] = await requestText(client, route, options);
  // A 204 or 205 has no body (nor does an answer to HEAD): nothing to parse.
  if (text === null) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    const requestId = response.headers.get("x-request-id");
    // The body and the request id may echo the request, token included.
    throw new InvalidResponseError(
      redact(
        `${sent} answered ${response.status} with a body that is not JSON${requestId ? ` (request id ${requestId})` : ""}: ${JSON.stringify(redact(text, client.auth).slice(0, 200))}`,
        client.auth,
      ),
    );
  }
}
