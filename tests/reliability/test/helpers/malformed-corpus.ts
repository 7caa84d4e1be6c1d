import type { ServerResponse } from "node:http";
import type Dashscope from "dashscope";
import {
  isAbortError,
  isApiError,
  isConnectionError,
  isInvalidResponseError,
  isRateLimitError,
  isStreamError,
  isTimeoutError,
  type ServerSentEvent,
} from "dashscope";
import { expect } from "vitest";
import type { Outcome } from "./outcome";
import { answer, type RawRequest, writeRepeated } from "./raw-server";

/** What a case's server and checks know about where they run. */
export interface CorpusContext {
  /** The raw server's origin. */
  origin: string;
  /** This case's API base URL on it: `${origin}/<case>/v1`. */
  baseUrl: string;
  /** A second server, on another origin, that must never be called. */
  elsewhere: string;
}

export interface CorpusCase {
  name: string;
  /** Answers each request to this case; `path` is relative to the case's base URL (`/predictions/…`). */
  serve(
    path: string,
    request: RawRequest,
    response: ServerResponse,
    context: CorpusContext,
  ): void | Promise<void>;
  /** The client call that meets the answer. */
  call(dashscope: Dashscope, context: CorpusContext): Promise<unknown>;
  /** What must come of it: a clear error, or what the README documents. */
  check(outcome: Outcome<unknown>, context: CorpusContext): void;
  /** Client options for this case; retries are off unless a case turns them on. */
  clientOptions?: { maxRetries?: number; timeout?: number };
  /** Set when the client fails the check today: why, for `it.fails`. */
  bug?: string;
  /** The client hangs on it today (the call is cut off by a bound): nothing of the client's to inspect. */
  hangs?: boolean;
  /** A gigantic answer: run alone, so that its memory can be measured. */
  gigantic?: boolean;
}

export const PREDICTION_ID = "abcdefghijklmnopqrstuvwxyz";
export const FIFTY_MEGABYTES = 50 * 1024 * 1024;

const BAD_GATEWAY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

function prediction(context: CorpusContext, fields: Record<string, unknown> = {}) {
  return {
    id: PREDICTION_ID,
    model: "owner/model",
    version: "0".repeat(64),
    status: "starting",
    input: {},
    output: null,
    error: null,
    logs: "",
    created_at: "2026-01-01T00:00:00Z",
    urls: {
      get: `${context.baseUrl}/predictions/${PREDICTION_ID}`,
      cancel: `${context.baseUrl}/predictions/${PREDICTION_ID}/cancel`,
      stream: `${context.baseUrl}/streams/${PREDICTION_ID}`,
    },
    ...fields,
  };
}

function errorOf(outcome: Outcome<unknown>): unknown {
  expect(outcome.ok, "expected the call to fail").toBe(false);
  return outcome.ok ? undefined : outcome.error;
}

/** An `ApiError` with this status whose message says something useful. */
function expectApiError(outcome: Outcome<unknown>, status: number, message?: RegExp) {
  const error = errorOf(outcome);
  expect(isApiError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ status });
  if (message) expect((error as Error).message).toMatch(message);
  // However big or strange the answer, the message stays readable.
  expect((error as Error).message.length).toBeLessThan(2000);
}

function expectInvalidResponse(outcome: Outcome<unknown>, message?: RegExp) {
  const error = errorOf(outcome);
  expect(isInvalidResponseError(error), String(error)).toBe(true);
  if (message) expect((error as Error).message).toMatch(message);
  expect((error as Error).message.length).toBeLessThan(2000);
}

/** run's clean-up after an abort has 10 s per attempt; past this, an aborted call is hung. */
const CLEANUP_BOUND_MILLISECONDS = 12_000;

/** `promise`, or a rejection saying it hung once `milliseconds` pass; leaves no timer behind. */
function settlesWithin<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

const getPrediction = (dashscope: Dashscope) => dashscope.predictions.get(PREDICTION_ID);
const runModel = (dashscope: Dashscope) => dashscope.run("owner/model", { input: { text: "x" } });
async function firstTwoPages(dashscope: Dashscope) {
  const pages = [];
  for await (const page of dashscope.paginate(dashscope.predictions.list)) {
    pages.push(page);
    if (pages.length === 2) break;
  }
  return pages;
}
async function streamAll(dashscope: Dashscope, maxReconnects = 0): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of dashscope.stream("owner/model", { input: {}, maxReconnects })) events.push(event);
  return events;
}

/** Answers the stream's create with a prediction whose stream is on this server, then `stream`. */
function streaming(stream: (response: ServerResponse) => void | Promise<void>): CorpusCase["serve"] {
  return (path, _request, response, context) => {
    if (path.startsWith("/streams/")) return stream(response);
    answer(response, 201, prediction(context));
  };
}

function eventStream(response: ServerResponse, body: string | Buffer) {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.end(body);
}

/** Every kind of answer a proxy, a broken server or an attacker could send, and what must come of it. */
export const MALFORMED_CORPUS: CorpusCase[] = [
  {
    name: "an HTML error page (502 from a proxy)",
    serve: (_path, _request, response) =>
      answer(response, 502, BAD_GATEWAY_PAGE, { "content-type": "text/html" }),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 502, /HTML page titled "502 Bad Gateway"/),
  },
  {
    name: "an HTML page with status 200",
    serve: (_path, _request, response) =>
      answer(response, 200, "<html><body>Welcome to nginx!</body></html>", { "content-type": "text/html" }),
    call: getPrediction,
    check: (outcome) => expectInvalidResponse(outcome, /not JSON/),
  },
  {
    name: "an empty 200 body",
    serve: (_path, _request, response) => answer(response, 200, "", { "content-type": "application/json" }),
    call: getPrediction,
    check: (outcome) => expectInvalidResponse(outcome, /not JSON/),
  },
  {
    name: "an empty 500 body",
    serve: (_path, _request, response) => answer(response, 500, "", { "content-type": "" }),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 500, /empty body/),
  },
  {
    name: "an empty 404 without a content type",
    serve: (_path, _request, response) => {
      response.writeHead(404);
      response.end();
    },
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 404),
  },
  {
    name: "truncated JSON with status 200",
    serve: (_path, _request, response) =>
      answer(response, 200, '{"id":"abcdefghijklmnopqrstuvwxyz","status":"succ', {
        "content-type": "application/json",
      }),
    call: getPrediction,
    check: (outcome) => expectInvalidResponse(outcome, /not JSON/),
  },
  {
    name: "truncated problem+json with status 422",
    serve: (_path, _request, response) =>
      answer(response, 422, '{"title":"Invalid input","detail":"input.te', {
        "content-type": "application/problem+json",
      }),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 422, /input\.te/),
  },
  {
    name: "an error body of the wrong shape (an array)",
    serve: (_path, _request, response) => answer(response, 400, [1, 2, 3]),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 400),
  },
  {
    name: "a problem+json whose fields have the wrong types",
    serve: (_path, _request, response) =>
      answer(response, 422, { title: 5, detail: { nested: true }, invalid_fields: "all of them" }),
    call: getPrediction,
    check: (outcome) => {
      expectApiError(outcome, 422);
      expect((outcome as { error: { invalidFields: unknown } }).error.invalidFields).toBeUndefined();
    },
  },
  {
    name: "JSON served as text/html with status 200 (read as JSON, as documented)",
    serve: (_path, _request, response, context) =>
      answer(response, 200, JSON.stringify(prediction(context)), { "content-type": "text/html" }),
    call: getPrediction,
    check: (outcome) => {
      expect(outcome.ok).toBe(true);
      expect(outcome.ok && outcome.value).toMatchObject({ id: PREDICTION_ID });
    },
  },
  {
    name: "problem+json served as text/plain with status 429",
    serve: (_path, _request, response) =>
      answer(response, 429, JSON.stringify({ title: "Slow down", detail: "too many runs" }), {
        "content-type": "text/plain",
      }),
    call: getPrediction,
    check: (outcome) => {
      expectApiError(outcome, 429, /too many runs/);
      expect(isRateLimitError((outcome as { error: unknown }).error)).toBe(true);
    },
  },
  {
    name: "binary garbage with status 200",
    serve: (_path, _request, response) =>
      answer(response, 200, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b]).toString("latin1"), {
        "content-type": "application/octet-stream",
      }),
    call: getPrediction,
    check: (outcome) => expectInvalidResponse(outcome, /not JSON/),
  },
  {
    name: "a 200 whose prediction has a status outside the known set",
    serve: (path, _request, response, context) =>
      answer(response, path.startsWith("/models/") ? 201 : 200, prediction(context, { status: "exploded" })),
    call: runModel,
    check: (outcome) => expectInvalidResponse(outcome, /unknown status "exploded"/),
  },
  {
    name: "a poll that answers a JSON string instead of a prediction",
    serve: (path, _request, response, context) =>
      path.startsWith("/models/")
        ? answer(response, 201, prediction(context))
        : answer(response, 200, '"ok"'),
    call: runModel,
    check: (outcome) => expectInvalidResponse(outcome),
  },
  {
    name: "a create that answers an empty object instead of a prediction",
    serve: (_path, _request, response) => answer(response, 201, {}),
    call: runModel,
    check: (outcome) => expectInvalidResponse(outcome),
  },
  {
    name: "a create that answers a JSON array",
    serve: (_path, _request, response) => answer(response, 201, [{ id: PREDICTION_ID }]),
    call: runModel,
    check: (outcome) => expectInvalidResponse(outcome),
  },
  {
    name: "a 50 MB JSON answer (read whole into memory, as the body of a 2xx must be)",
    gigantic: true,
    serve: async (_path, _request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const prefix = Buffer.from(`{"id":"${PREDICTION_ID}","status":"succeeded","output":"`);
      const suffix = Buffer.from('"}');
      response.write(prefix);
      await writeRepeated(
        response,
        Buffer.alloc(64 * 1024, "a"),
        FIFTY_MEGABYTES - prefix.length - suffix.length,
      );
      response.end(suffix);
    },
    call: getPrediction,
    check: (outcome) => {
      expect(outcome.ok).toBe(true);
      const output = outcome.ok ? (outcome.value as { output: string }).output : "";
      expect(output.length).toBeGreaterThan(FIFTY_MEGABYTES - 100);
    },
  },
  {
    name: "50 MB of garbage with status 200",
    gigantic: true,
    serve: async (_path, _request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      await writeRepeated(response, Buffer.alloc(64 * 1024, "<"), FIFTY_MEGABYTES);
      response.end();
    },
    call: getPrediction,
    check: (outcome) => expectInvalidResponse(outcome, /not JSON/),
  },
  {
    name: "a 50 MB HTML error page",
    gigantic: true,
    serve: async (_path, _request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.write("<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body>");
      await writeRepeated(response, Buffer.alloc(64 * 1024, "x"), FIFTY_MEGABYTES);
      response.end("</body></html>");
    },
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 502, /HTML page titled "Bad Gateway"/),
  },
  {
    name: "a 50 MB HTML error page is not kept whole on the error",
    gigantic: true,
    serve: async (_path, _request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.write("<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body>");
      await writeRepeated(response, Buffer.alloc(64 * 1024, "x"), FIFTY_MEGABYTES);
      response.end("</body></html>");
    },
    call: getPrediction,
    check: (outcome) => {
      expectApiError(outcome, 502);
      // A logger that serialises errors as JSON (pino, winston) would write all 50 MB.
      expect(JSON.stringify((outcome as { error: unknown }).error).length).toBeLessThan(1_000_000);
    },
  },
  {
    name: "a 200 body that never ends, stopped by the caller's signal",
    serve: (_path, _request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":');
    },
    call: (dashscope) => dashscope.predictions.get(PREDICTION_ID, { signal: AbortSignal.timeout(300) }),
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isAbortError(error), String(error)).toBe(true);
    },
  },
  {
    name: "a 200 body cut off by a dropped connection",
    serve: (_path, _request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":"abc');
      setTimeout(() => response.socket?.destroy(), 20);
    },
    call: getPrediction,
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isConnectionError(error), String(error)).toBe(true);
    },
  },
  {
    name: "an abort during a run whose create answer stalls mid-body",
    serve: (_path, _request, response) => {
      response.writeHead(201, { "content-type": "application/json" });
      response.write('{"id":');
    },
    call: (dashscope) =>
      settlesWithin(
        dashscope.run("owner/model", { input: {}, signal: AbortSignal.timeout(300) }),
        CLEANUP_BOUND_MILLISECONDS,
      ),
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isAbortError(error), String(error)).toBe(true);
    },
  },
  {
    name: "headers that never come, stopped by the per-call timeout",
    serve: () => {},
    call: (dashscope) => dashscope.predictions.get(PREDICTION_ID, { timeout: 300 }),
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isTimeoutError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/timed out after 300 ms/);
    },
  },
  {
    name: "a connection reset before any answer",
    serve: (_path, _request, response) => {
      response.socket?.destroy();
    },
    call: getPrediction,
    check: (outcome) => expect(isConnectionError(errorOf(outcome))).toBe(true),
  },
  {
    name: "a redirect loop",
    serve: (_path, request, response) => {
      response.writeHead(302, { location: request.url });
      response.end();
    },
    call: getPrediction,
    check: (outcome) => expect(isConnectionError(errorOf(outcome))).toBe(true),
  },
  {
    name: "a 429 whose Retry-After is an hour away fails at once, with the wait",
    serve: (_path, _request, response) =>
      answer(response, 429, { title: "Too many requests", status: 429 }, { "retry-after": "3600" }),
    call: getPrediction,
    clientOptions: { maxRetries: 3 },
    check: (outcome) => {
      expectApiError(outcome, 429);
      expect((outcome as { error: { retryAfter: unknown } }).error.retryAfter).toBe(3_600_000);
    },
  },
  {
    name: "a 429 with a garbage Retry-After is retried with backoff, then fails",
    serve: (_path, _request, response) =>
      answer(
        response,
        429,
        { title: "Too many requests" },
        { "retry-after": "soon-ish", "retry-after-ms": "-5" },
      ),
    call: getPrediction,
    clientOptions: { maxRetries: 1 },
    check: (outcome) => expectApiError(outcome, 429),
  },
  {
    name: "a 401 problem+json",
    serve: (_path, _request, response) =>
      answer(response, 401, { title: "Unauthenticated", status: 401, detail: "Invalid token." }),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 401, /Invalid token/),
  },
  {
    name: "an error page that echoes the request's headers back",
    serve: (_path, request, response) =>
      answer(response, 400, `<html><body><pre>${JSON.stringify(request.headers)}</pre></body></html>`, {
        "content-type": "text/html",
      }),
    call: getPrediction,
    check: (outcome) => expectApiError(outcome, 400),
  },
  {
    name: "an event stream with garbage lines between its events",
    serve: streaming((response) =>
      eventStream(
        response,
        Buffer.concat([
          Buffer.from(": a comment\nno colon at all\nretry: soon\nid: \u0000\nunknownfield: value\n\n"),
          Buffer.from([0xff, 0xfe, 0x0a, 0x0a]),
          Buffer.from("id: 1\nevent: output\ndata: hello\n\n"),
          Buffer.from("\n\n\n:keep-alive\n\n"),
          Buffer.from("id: 2\nevent: output\ndata: wor\ndata: ld\n\n"),
          Buffer.from("id: 3\nevent: done\ndata: {}\n\n"),
        ]),
      ),
    ),
    call: (dashscope) => streamAll(dashscope),
    check: (outcome) => {
      expect(outcome.ok, outcome.ok ? "" : String(outcome.error)).toBe(true);
      const events = outcome.ok ? (outcome.value as ServerSentEvent[]) : [];
      expect(events.filter((event) => event.event === "output").map((event) => event.data)).toEqual([
        "hello",
        "wor\nld",
      ]);
      expect(events.at(-1)?.event).toBe("done");
    },
  },
  {
    name: "an event stream whose error event is not JSON",
    serve: streaming((response) => eventStream(response, "id: 1\nevent: error\ndata: <b>boom</b>\n\n")),
    call: (dashscope) => streamAll(dashscope),
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isStreamError(error), String(error)).toBe(true);
      expect((error as { detail: string }).detail).toBe("<b>boom</b>");
    },
  },
  {
    name: "an event stream that ends before done, and then has nothing more",
    serve: (path, request, response, context) => {
      if (!path.startsWith("/streams/")) return answer(response, 201, prediction(context));
      // Honours Last-Event-ID: after event 1 there is nothing, and the connection ends each time.
      eventStream(response, request.headers["last-event-id"] ? "" : "id: 1\nevent: output\ndata: a\n\n");
    },
    call: (dashscope) => streamAll(dashscope, 1),
    check: (outcome) => {
      const error = errorOf(outcome);
      expect(isConnectionError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/before its "done" event/);
    },
  },
  {
    name: "an event stream that ignores Last-Event-ID and replays the same event for ever",
    serve: streaming((response) => eventStream(response, "id: 1\nevent: output\ndata: a\n\n")),
    call: async (dashscope) => {
      const events: ServerSentEvent[] = [];
      for await (const event of dashscope.stream("owner/model", { input: {}, maxReconnects: 1 })) {
        events.push(event);
        // Bounded, since the client does not stop by itself.
        if (events.length >= 4) break;
      }
      return events;
    },
    check: (outcome) => {
      // Either an error, or at least no event twice: a replayed event is not a new one.
      if (outcome.ok) {
        const ids = (outcome.value as ServerSentEvent[]).map((event) => event.id);
        expect(ids).toEqual([...new Set(ids)]);
      } else {
        expect(isConnectionError(outcome.error), String(outcome.error)).toBe(true);
      }
    },
  },
  {
    name: "a stream URL that answers 404 with an HTML page",
    serve: streaming((response) =>
      answer(response, 404, "<html><title>Not Found</title></html>", {
        "content-type": "text/html",
      }),
    ),
    call: (dashscope) => streamAll(dashscope),
    check: (outcome) => expectApiError(outcome, 404, /HTML page/),
  },
  {
    name: "a stream URL that answers JSON instead of an event stream",
    serve: streaming((response) => answer(response, 200, { detail: "not a stream" })),
    call: (dashscope) => streamAll(dashscope, 2),
    check: (outcome) => expectInvalidResponse(outcome, /event-stream|event stream/),
  },
  {
    name: "a `next` page on another origin",
    serve: (_path, _request, response, context) =>
      answer(response, 200, {
        previous: null,
        next: `${context.elsewhere}/v1/predictions?cursor=abc`,
        results: [],
      }),
    call: firstTwoPages,
    check: (outcome) => expectInvalidResponse(outcome, /another origin/),
  },
  {
    name: "a `next` page on the same host with another scheme",
    serve: (_path, _request, response, context) =>
      answer(response, 200, {
        previous: null,
        next: `${context.baseUrl.replace("http:", "https:")}/predictions?cursor=abc`,
        results: [],
      }),
    call: firstTwoPages,
    check: (outcome) => expectInvalidResponse(outcome, /another origin/),
  },
  {
    name: "a `next` page with a file: URL",
    serve: (_path, _request, response) =>
      answer(response, 200, { previous: null, next: "file:///etc/passwd", results: [] }),
    call: firstTwoPages,
    check: (outcome) => expectInvalidResponse(outcome, /another origin/),
  },
  {
    name: "a `next` page that loops back to itself",
    serve: (_path, _request, response, context) =>
      answer(response, 200, {
        previous: null,
        next: `${context.baseUrl}/predictions?cursor=same`,
        results: [],
      }),
    call: async (dashscope) => {
      const pages = [];
      for await (const page of dashscope.paginate(dashscope.predictions.list)) {
        pages.push(page);
        // Bounded, should the loop not be caught.
        if (pages.length > 5) break;
      }
      return pages;
    },
    check: (outcome) => expectInvalidResponse(outcome, /loops/),
  },
  {
    name: "a page whose results are not an array",
    serve: (_path, _request, response) =>
      answer(response, 200, { previous: null, next: null, results: "none" }),
    call: firstTwoPages,
    check: (outcome) => expectInvalidResponse(outcome, /results/),
  },
];
