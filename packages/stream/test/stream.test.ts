import { getEventListeners } from "node:events";
import {
  type Client,
  createClient,
  isAbortError,
  isApiError,
  isConnectionError,
  isInvalidArgumentError,
  type Page,
  type Prediction,
  requestJson,
} from "@dashscope/core";
import { createEmulator, type Emulator } from "@dashscope/emulator";
import { createPrediction } from "@dashscope/predictions";
import { rejectionOf as rejection } from "test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ServerSentEvent, stream, streamPrediction } from "../src/index";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01 });
  const { url } = await emulator.listen(0);
  client = createClient({ auth: "emulator-token", baseUrl: url });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.stats.reset();
});

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const seen: ServerSentEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** Resolves once `condition` holds, checking every 5 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function latestPrediction(): Promise<Prediction> {
  const page = await requestJson<Page<Prediction>>(client, "/predictions");
  return page.results[0] as Prediction;
}

function streamRequests() {
  return emulator.stats.requests.filter(
    (request) => request.method === "GET" && /stream/.test(request.route),
  );
}

const PROMPT = "The quick brown fox jumps over the lazy dog, twice over again";

describe("stream against the emulator", () => {
  it("streams dashscope/echo-stream: the tokens join to the prompt and to the final output", async () => {
    const events = await collect(
      stream(client, "dashscope/echo-stream", { input: { prompt: PROMPT, delay_ms: 1 } }),
    );
    const text = events.map(String).join("");
    expect(text).toBe(PROMPT);
    expect(events.filter((event) => event.event === "output").length).toBeGreaterThan(5);
    expect(events.at(-1)).toMatchObject({ event: "done" });
    expect(String(events.at(-1))).toBe("");

    const prediction = await latestPrediction();
    expect(prediction.model).toBe("dashscope/echo-stream");
    expect(prediction.status).toBe("succeeded");
    expect((prediction.output as string[]).join("")).toBe(text);
    expect(emulator.stats.requests[0]).toMatchObject({
      method: "POST",
      path: "/models/dashscope/echo-stream/predictions",
    });
  });

  it("yields logs events, whose toString is empty", async () => {
    const events = await collect(
      stream(client, "dashscope/echo-stream", { input: { prompt: "a b c", delay_ms: 1 } }),
    );
    const logs = events.filter((event) => event.event === "logs");
    expect(logs.map((event) => event.data)).toContain("streaming 3 tokens");
    expect(logs.map(String)).toEqual(logs.map(() => ""));
  });

  it("gives every event an increasing id and ends at done", async () => {
    const events = await collect(
      stream(client, "dashscope/echo-stream", { input: { prompt: "one two", delay_ms: 1 } }),
    );
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.filter((event) => event.event === "done")).toHaveLength(1);
    expect(streamRequests()).toHaveLength(1);
  });

  it("accepts owner/name:version", async () => {
    const model = await requestJson<{ latest_version: { id: string } }>(
      client,
      "/models/dashscope/echo-stream",
    );
    const ref = `dashscope/echo-stream:${model.latest_version.id}` as const;
    const events = await collect(stream(client, ref, { input: { prompt: "pinned version", delay_ms: 1 } }));
    expect(events.map(String).join("")).toBe("pinned version");
    expect(emulator.stats.requests.filter((request) => request.method === "POST")).toMatchObject([
      { path: "/predictions" },
    ]);
  });

  it("passes webhook options on to the prediction", async () => {
    const webhook = "http://127.0.0.1:9/hook";
    await collect(
      stream(client, "dashscope/echo-stream", {
        input: { prompt: "hooked", delay_ms: 1 },
        webhook,
        webhook_events_filter: ["completed"],
      }),
    );
    expect(await latestPrediction()).toMatchObject({ webhook, webhook_events_filter: ["completed"] });
  });

  it("creates nothing until it is read", async () => {
    const events = stream(client, "dashscope/echo-stream", { input: { prompt: "lazy" } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.stats.requests).toHaveLength(0);
    await events.cancel();
    expect(emulator.stats.requests).toHaveLength(0);
  });

  it("reconnects after the emulator drops the stream, with Last-Event-ID, losing and repeating nothing", async () => {
    emulator.injectFault({ kind: "sse-drop", afterEvents: 3 });
    const events = await collect(
      stream(client, "dashscope/echo-stream", { input: { prompt: PROMPT, delay_ms: 1 } }),
    );
    expect(events.map(String).join("")).toBe(PROMPT);
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => index + 1));
    const connections = streamRequests();
    expect(connections).toHaveLength(2);
    expect(connections.map((request) => request.lastEventId)).toEqual([null, "3"]);
    expect(connections[1]?.hadAuthorizationHeader).toBe(true);
  });

  it("fails with a ConnectionError once maxReconnects reconnections in a row were dropped", async () => {
    // Exactly as many drops as connections, so that no fault is left for the next test.
    emulator.injectFault({ kind: "sse-drop", afterEvents: 0, times: 2 });
    const error = await rejection(
      collect(stream(client, "dashscope/echo-stream", { input: { prompt: "never" }, maxReconnects: 1 })),
    );
    expect(isConnectionError(error)).toBe(true);
    expect((error as Error).message).toContain(
      'the event stream ended 2 times in a row before its "done" event',
    );
    expect(streamRequests()).toHaveLength(2);
  });

  it("ends with done when the prediction is canceled", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/echo-stream",
      input: { prompt: "a b c d e f g h i j k l m n o p", delay_ms: 1000 },
      stream: true,
    });
    const seen: ServerSentEvent[] = [];
    for await (const event of streamPrediction(client, prediction)) {
      seen.push(event);
      if (event.event === "output") await requestJson(client, prediction.urls.cancel, { method: "POST" });
    }
    expect(seen.at(-1)).toMatchObject({ event: "done", data: '{"reason":"canceled"}' });
  });

  it("rejects with an AbortError when the signal aborts mid-stream", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        const events = stream(client, "dashscope/echo-stream", {
          input: { prompt: PROMPT, delay_ms: 10 },
          signal: controller.signal,
        });
        for await (const event of events) {
          seen.push(String(event));
          if (seen.join("").length > 5) controller.abort();
        }
      })(),
    );
    expect(isAbortError(error)).toBe(true);
    expect(seen.join("")).not.toBe(PROMPT);
  });

  it("cancels the prediction on the server when the signal aborts, and hands it out when created", async () => {
    const controller = new AbortController();
    const created: Prediction[] = [];
    const error = await rejection(
      (async () => {
        const events = stream(client, "dashscope/echo-stream", {
          input: { prompt: PROMPT, delay_ms: 50 },
          signal: controller.signal,
          onPrediction: (prediction) => created.push(prediction),
        });
        for await (const event of events) if (event.event === "output") controller.abort();
      })(),
    );
    expect(isAbortError(error)).toBe(true);
    expect(created).toHaveLength(1);
    const id = created[0]?.id ?? "";
    let status = "";
    for (let attempt = 0; attempt < 100 && status !== "canceled"; attempt++) {
      status = (await requestJson<Prediction>(client, `/predictions/${id}`)).status;
      if (status !== "canceled") await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe("canceled");
  });

  it("leaves no listener on the caller's signal once the stream is over, and cancels nothing after", async () => {
    const controller = new AbortController();
    const events = await collect(
      stream(client, "dashscope/echo-stream", {
        input: { prompt: "a b", delay_ms: 1 },
        signal: controller.signal,
      }),
    );
    expect(events.at(-1)?.event).toBe("done");
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.stats.requests.filter((request) => request.path.endsWith("/cancel"))).toEqual([]);
  });

  it("leaves no listener on a signal shared by many streams, however each ends, and none after the abort", async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const count = () => getEventListeners(signal, "abort").length;
    const open = (input: Record<string, unknown>, ref: `${string}/${string}` = "dashscope/echo-stream") =>
      stream(client, ref, { input: { prompt: "a b c", delay_ms: 1, ...input }, signal, maxReconnects: 0 });
    const endings: Record<string, () => Promise<unknown>> = {
      done: () => collect(open({})),
      break: async () => {
        for await (const _event of open({})) break;
      },
      "never read": async () => open({}),
      "canceled before reading": () => open({}).cancel(),
      "an error event": () => collect(open({ fail_after: 1 })).catch(() => {}),
      "a refused create": () => collect(open({}, "dashscope/no-such-model")).catch(() => {}),
    };
    for (const [ending, end] of Object.entries(endings)) {
      for (let index = 0; index < 15; index++) await end();
      expect({ ending, listeners: count() }).toEqual({ ending, listeners: 0 });
    }
    // Streams the shared signal aborts mid-read let go of it too.
    const reading = Array.from({ length: 15 }, () => collect(open({ delay_ms: 1000 })).catch(() => {}));
    await until(() => count() === 15);
    controller.abort();
    await Promise.all(reading);
    expect(count()).toBe(0);
  });

  it("aborts a create the server holds, then learns its prediction by its key and cancels it", async () => {
    // The create is made, but its answer is held back for a minute.
    emulator.injectFault({
      kind: "slow",
      match: "POST /models/dashscope/echo-stream/predictions",
      afterRoute: true,
      delayMs: 60_000,
    });
    const controller = new AbortController();
    const reading = rejection(
      collect(
        stream(client, "dashscope/echo-stream", { input: { prompt: PROMPT }, signal: controller.signal }),
      ),
    );
    await until(() => emulator.stats.predictionsCreated === 1);
    controller.abort();
    expect(isAbortError(await reading)).toBe(true);
    const creates = emulator.stats.requests.filter((request) =>
      request.path.endsWith("/echo-stream/predictions"),
    );
    // The held create, then its repeat, answered at once with the prediction the first one made.
    expect(creates.map((request) => request.status)).toEqual([0, 201]);
    expect(creates[1]?.idempotencyKey).toBe(creates[0]?.idempotencyKey);
    expect(emulator.stats.predictionsCreated).toBe(1);
    const cancel = emulator.stats.requests.find((request) => request.path.endsWith("/cancel"));
    expect(cancel?.status).toBe(200);
    const id = cancel?.path.split("/")[2] ?? "";
    expect((await requestJson<Prediction>(client, `/predictions/${id}`)).status).toBe("canceled");
  });

  it("sends no create when aborted while waiting out a 429: the server made nothing", async () => {
    emulator.injectFault({
      kind: "429",
      match: "POST /models/dashscope/echo-stream/predictions",
      retryAfter: "30",
    });
    // Counts the answers that reached the client, so that the abort comes once the 429 has.
    let answers = 0;
    const counting = createClient({
      auth: "emulator-token",
      baseUrl: client.baseUrl,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        answers++;
        return response;
      },
    });
    const controller = new AbortController();
    const reading = rejection(
      collect(
        stream(counting, "dashscope/echo-stream", { input: { prompt: PROMPT }, signal: controller.signal }),
      ),
    );
    await until(() => answers === 1);
    controller.abort();
    expect(isAbortError(await reading)).toBe(true);
    expect(emulator.stats.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      "POST 429",
    ]);
    expect(emulator.stats.predictionsCreated).toBe(0);
  });

  it("gives the cancel after an abort no longer than the client's cleanupTimeout", async () => {
    // The cancel's answer never comes in time.
    emulator.injectFault({ kind: "slow", match: "POST /predictions/", delayMs: 60_000 });
    const quick = createClient({ auth: "emulator-token", baseUrl: client.baseUrl, cleanupTimeout: 50 });
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        const events = stream(quick, "dashscope/echo-stream", {
          input: { prompt: PROMPT, delay_ms: 50 },
          signal: controller.signal,
        });
        for await (const event of events) if (event.event === "output") controller.abort();
      })(),
    );
    expect(isAbortError(error)).toBe(true);
    expect(emulator.stats.requests.filter((request) => request.path.endsWith("/cancel"))).toHaveLength(1);
  });

  it("creates nothing when the signal is already aborted", async () => {
    const error = await rejection(
      collect(
        stream(client, "dashscope/echo-stream", { input: { prompt: "x" }, signal: AbortSignal.abort() }),
      ),
    );
    expect(isAbortError(error)).toBe(true);
    expect(emulator.stats.requests).toHaveLength(0);
  });

  it("stops at once when the loop is left early", async () => {
    const seen: string[] = [];
    for await (const event of stream(client, "dashscope/echo-stream", {
      input: { prompt: PROMPT, delay_ms: 10 },
    })) {
      if (event.event === "output") seen.push(event.data);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["The ", "quick "]);
    expect(streamRequests()).toHaveLength(1);
  });

  it("answers a stream URL the emulator does not know with an ApiError", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/echo-stream",
      input: { prompt: "x" },
      stream: true,
    });
    const unknown = (prediction.urls.stream as string).replace(prediction.id, "a".repeat(26));
    const error = await rejection(collect(streamPrediction(client, unknown)));
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 404 });
  });

  it("says clearly when the model cannot stream", async () => {
    const error = await rejection(
      collect(stream(client, "dashscope/hello-world", { input: { text: "Alice" } })),
    );
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "model identifier" });
    expect((error as Error).message).toMatch(
      /^Invalid model identifier: dashscope\/hello-world cannot stream: its prediction [a-z2-7]{26} has no urls\.stream$/,
    );
  });

  describe("bad arguments, caught before any request", () => {
    it.each([
      ["no slash", "echo-stream"],
      ["a version that is not one path segment", "dashscope/echo-stream:a/b"],
      ["an empty string", ""],
      ["a number", 42],
    ])("rejects a ref with %s at once", (_label, ref) => {
      expect(() => stream(client, ref as `${string}/${string}`, { input: { prompt: "x" } })).toThrow(
        expect.objectContaining({
          name: "InvalidArgumentError",
          argument: "model identifier",
          message: `Invalid model identifier: expected "owner/name" or "owner/name:version", got ${JSON.stringify(ref)}`,
        }),
      );
      expect(emulator.stats.requests).toHaveLength(0);
    });

    it.each([[undefined], [null], ["hello"]])("rejects options %j at once", (options) => {
      expect(() => stream(client, "dashscope/echo-stream", options as never)).toThrow(
        expect.objectContaining({
          name: "InvalidArgumentError",
          argument: "options",
          message: `Invalid options: expected an object, got ${JSON.stringify(options) ?? "undefined"}`,
        }),
      );
    });

    it("rejects maxReconnects at once", () => {
      expect(() =>
        stream(client, "dashscope/echo-stream", { input: { prompt: "x" }, maxReconnects: -1 }),
      ).toThrow(expect.objectContaining({ name: "InvalidArgumentError", argument: "maxReconnects" }));
    });

    it("rejects input that is not an object on the first read", async () => {
      const error = await rejection(
        collect(stream(client, "dashscope/echo-stream", { input: "hi" as never })),
      );
      expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "input" });
      expect(emulator.stats.requests).toHaveLength(0);
    });

    it("rejects a bad webhook on the first read", async () => {
      const error = await rejection(
        collect(stream(client, "dashscope/echo-stream", { input: { prompt: "x" }, webhook: "not a url" })),
      );
      expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "webhook" });
      expect(emulator.stats.requests).toHaveLength(0);
    });
  });
});
