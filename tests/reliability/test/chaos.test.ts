import type { RecordedRequest } from "@dashscope/emulator";
import {
  isApiError,
  isConnectionError,
  isPredictionFailedError,
  isStreamError,
  isTimeoutError,
  type Prediction,
  type ServerSentEvent,
} from "dashscope";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";

// The mix: 15% 429 (the random ones carry Retry-After, the injected ones below do not), 10% 5xx
// (a fifth of them HTML pages, a fifth empty bodies), 5% connections reset before an answer, and 10%
// of event-stream connections dropped mid-stream.
const RANDOM_FAULTS =
  "429=0.15,500=0.02,502=0.02,503=0.02,html-502=0.02,empty-500=0.02,reset=0.05,sse-drop=0.1";
const RUNS = 300;
const STREAMS = 50;
const WORDS_PER_STREAM = 12;
// Enough that a call only fails when ~11 attempts in a row are faulted: the success rate stays high.
const MAX_RETRIES = 10;
const INJECTED_429_WITHOUT_RETRY_AFTER = 20;

type Input = Record<string, unknown>;

interface CallResult {
  kind: "run" | "stream";
  /** The marker in the call's input that finds its prediction again. */
  marker: string;
  /** Ended as the model meant: the right output, or the failure the input asked for. */
  succeeded: boolean;
  /** The retryable error that ended a call the faults beat (ApiError, ConnectionError, TimeoutError). */
  typedFailure?: string;
  /** Anything else: must never happen. */
  unexpected?: string;
  events?: ServerSentEvent[];
}

let server: TestEmulator;

beforeAll(async () => {
  server = await startEmulator({ faults: RANDOM_FAULTS, seed: 20261124, pageSize: 100 });
});
afterAll(() => server.close());

function isRetryableFailure(error: unknown): boolean {
  if (isApiError(error)) return error.status === 429 || error.status === 408 || error.status >= 500;
  return isConnectionError(error) || isTimeoutError(error);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function failureOf(kind: CallResult["kind"], marker: string, error: unknown): CallResult {
  return isRetryableFailure(error)
    ? { kind, marker, succeeded: false, typedFailure: (error as Error).name }
    : { kind, marker, succeeded: false, unexpected: describeError(error) };
}

async function chaosRun(index: number): Promise<CallResult> {
  const dashscope = server.client({ maxRetries: MAX_RETRIES });
  const marker = `chaos-run-${index}`;
  // Every tenth run fails on purpose; a third of the others waits by polling instead of blocking.
  const failing = index % 10 === 9;
  try {
    if (failing) {
      await dashscope.run("dashscope/sleep", { input: { seconds: 0.5, fail: true, message: marker } });
      return { kind: "run", marker, succeeded: false, unexpected: "a failing prediction resolved" };
    }
    const output = await dashscope.run<string>("dashscope/hello-world", {
      input: { text: marker },
      ...(index % 10 >= 6 ? { wait: { mode: "poll" as const, interval: 20 } } : {}),
    });
    return output === `hello ${marker}`
      ? { kind: "run", marker, succeeded: true }
      : { kind: "run", marker, succeeded: false, unexpected: `wrong output ${JSON.stringify(output)}` };
  } catch (error) {
    if (failing && isPredictionFailedError(error) && error.prediction.error === marker) {
      return { kind: "run", marker, succeeded: true };
    }
    return failureOf("run", marker, error);
  }
}

function promptOf(index: number): string {
  const words = [`chaos-stream-${index} `];
  for (let word = 1; word < WORDS_PER_STREAM; word++) words.push(`w${word} `);
  return words.join("");
}

async function chaosStream(index: number): Promise<CallResult> {
  const dashscope = server.client({ maxRetries: MAX_RETRIES });
  const prompt = promptOf(index);
  const marker = prompt;
  // Every tenth stream fails after three tokens: an `error` event must reject, not end quietly.
  const failAfter = index % 10 === 9 ? 3 : undefined;
  const events: ServerSentEvent[] = [];
  try {
    for await (const event of dashscope.stream("dashscope/echo-stream", {
      input: { prompt, delay_ms: 300, ...(failAfter === undefined ? {} : { fail_after: failAfter }) },
    })) {
      events.push(event);
    }
    const streamed = events.filter((event) => event.event === "output").map((event) => event.data);
    if (failAfter !== undefined) {
      return {
        kind: "stream",
        marker,
        succeeded: false,
        unexpected: "a failing stream ended quietly",
        events,
      };
    }
    return streamed.join("") === prompt && events.at(-1)?.event === "done"
      ? { kind: "stream", marker, succeeded: true, events }
      : {
          kind: "stream",
          marker,
          succeeded: false,
          unexpected: `streamed ${JSON.stringify(streamed.join(""))}`,
          events,
        };
  } catch (error) {
    const outputs = events.filter((event) => event.event === "output").length;
    if (failAfter !== undefined && isStreamError(error) && outputs === failAfter) {
      return { kind: "stream", marker, succeeded: true, events };
    }
    return { ...failureOf("stream", marker, error), events };
  }
}

function markerOf(prediction: Prediction<Input, unknown>): string {
  const { text, message, prompt } = prediction.input as { text?: string; message?: string; prompt?: string };
  return text ?? message ?? prompt ?? "";
}

/** A request that the client had to repeat: a fault, a lost connection, a 429 or a 5xx. */
function wasFaulted(request: RecordedRequest): boolean {
  return (
    (request.fault !== null && request.fault !== "slow") || request.status === 0 || request.status >= 429
  );
}

/**
 * Retries the client sent, read from the server's side: a request for the same create (same
 * Idempotency-Key) or the same GET that follows a faulted one.
 */
function countRetries(requests: readonly RecordedRequest[]): number {
  const lastWasFaulted = new Map<string, boolean>();
  let retries = 0;
  for (const request of requests) {
    if (request.route === "/streams/{id}") continue;
    const resource = request.idempotencyKey ?? `${request.method} ${request.path}`;
    if (lastWasFaulted.get(resource)) retries++;
    lastWasFaulted.set(resource, wasFaulted(request));
  }
  return retries;
}

it(`${RUNS} runs and ${STREAMS} streams under faults: nothing lost, duplicated or untyped`, async () => {
  const { emulator } = server;
  for (let index = 0; index < INJECTED_429_WITHOUT_RETRY_AFTER; index++)
    emulator.injectFault({ kind: "429" });
  // Creates that happen but whose answer is lost or replaced: only the Idempotency-Key saves these.
  emulator.injectFault({
    kind: "reset",
    match: "POST /models/dashscope/hello-world/predictions",
    afterRoute: true,
    times: 15,
  });
  emulator.injectFault({
    kind: "html-502",
    match: "POST /models/dashscope/hello-world/predictions",
    afterRoute: true,
    times: 10,
  });
  emulator.injectFault({
    kind: "reset",
    match: "POST /models/dashscope/echo-stream/predictions",
    afterRoute: true,
    times: 5,
  });
  // A few certain drops mid-stream, beside the random 10%, so that resuming is always exercised.
  emulator.injectFault({ kind: "sse-drop", afterEvents: 2, times: 5 });

  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  let results: CallResult[];
  try {
    results = await Promise.all([
      ...Array.from({ length: RUNS }, (_, index) => chaosRun(index)),
      ...Array.from({ length: STREAMS }, (_, index) => chaosStream(index)),
    ]);
    // Rejections are reported on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }

  // What the server holds, read with the faults off.
  emulator.setFaults(null);
  const requests = [...emulator.stats.requests];
  const listing = server.client();
  const predictions: Prediction<Input, unknown>[] = [];
  for await (const page of listing.paginate(listing.predictions.list)) predictions.push(...page);

  const byMarker = new Map<string, Prediction<Input, unknown>[]>();
  for (const prediction of predictions) {
    const marker = markerOf(prediction);
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), prediction]);
  }
  const duplicateCreates = [...byMarker.values()].reduce((sum, group) => sum + group.length - 1, 0);
  const creates = requests.filter(
    (request) => request.method === "POST" && request.path.endsWith("/predictions"),
  );
  const streamRequests = requests.filter((request) => request.route === "/streams/{id}");
  const faultCount = (test: (request: RecordedRequest) => boolean) => requests.filter(test).length;

  const calls = results.length;
  const succeeded = results.filter((result) => result.succeeded).length;
  const typedFailures = results.filter((result) => result.typedFailure).length;
  const figures = {
    calls,
    succeeded,
    typedFailures,
    predictionsCreated: emulator.stats.predictionsCreated,
    duplicateCreates,
    retriesSent: countRetries(requests),
  };
  console.log(
    `chaos: ${figures.calls} calls, ${figures.succeeded} succeeded, ${figures.typedFailures} typed failures, ` +
      `${figures.predictionsCreated} predictions created, ${figures.duplicateCreates} duplicate creates, ` +
      `${figures.retriesSent} retries sent ` +
      `(faults seen: 429 ×${faultCount((request) => request.status === 429)}, ` +
      `5xx ×${faultCount((request) => request.status >= 500)}, ` +
      `resets ×${faultCount((request) => request.status === 0)}, ` +
      `stream drops ×${faultCount((request) => request.fault === "sse-drop")}; ` +
      `resumed with Last-Event-ID ×${streamRequests.filter((request) => request.lastEventId !== null).length})`,
  );

  // Every call ended with its output or a retryable, typed error; nothing else, and nothing unhandled.
  expect(results.filter((result) => result.unexpected).map((result) => result.unexpected)).toEqual([]);
  expect(unhandled).toEqual([]);
  expect(succeeded + typedFailures).toBe(calls);
  expect(succeeded / calls).toBeGreaterThanOrEqual(0.98);

  // The faults really happened, every kind of them.
  expect(faultCount((request) => request.fault === "429")).toBeGreaterThan(INJECTED_429_WITHOUT_RETRY_AFTER);
  expect(faultCount((request) => request.fault === "html-502")).toBeGreaterThan(0);
  expect(faultCount((request) => request.fault === "empty-500")).toBeGreaterThan(0);
  expect(faultCount((request) => request.fault === "reset")).toBeGreaterThan(0);
  expect(faultCount((request) => request.fault === "sse-drop")).toBeGreaterThan(0);

  // Exactly one prediction per call that got through, none for the rest, and no duplicates.
  expect(duplicateCreates).toBe(0);
  expect(predictions).toHaveLength(emulator.stats.predictionsCreated);
  expect(emulator.stats.predictionsCreated).toBeLessThanOrEqual(calls);
  for (const result of results.filter((each) => each.succeeded)) {
    expect(byMarker.get(result.marker), result.marker).toHaveLength(1);
  }
  // Each call used one Idempotency-Key for all its attempts: as many keys as calls, on every create.
  expect(creates.every((request) => request.idempotencyKey)).toBe(true);
  expect(new Set(creates.map((request) => request.idempotencyKey)).size).toBe(calls);

  // Streams: every event exactly once, in order, and the streamed text is the final output.
  for (const result of results.filter((each) => each.kind === "stream" && each.succeeded)) {
    const events = result.events ?? [];
    expect(
      events.map((event) => Number(event.id)),
      result.marker,
    ).toEqual(events.map((_, index) => index + 1));
    const [prediction] = byMarker.get(result.marker) ?? [];
    const streamed = events.filter((event) => event.event === "output").map((event) => event.data);
    if (prediction?.status === "succeeded") expect(streamed).toEqual(prediction.output);
    else expect(streamed).toHaveLength(3);
  }
}, 120_000);
