import { inspect } from "node:util";
import {
  createClient,
  isAbortError,
  isApiError,
  isConnectionError,
  isInvalidArgumentError,
  isInvalidResponseError,
  isStreamError,
} from "@dashscope/core";
import { rejectionOf as rejection } from "test-helpers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ServerSentEvent, streamPrediction } from "../src/index";
import { type Connection, openEventStream, sse, startSseServer } from "./helpers/sse-server";
import { trackTimers } from "./helpers/timers";

type Server = Awaited<ReturnType<typeof startSseServer>>;
const servers: Server[] = [];

async function serve(handle: (connection: Connection, index: number) => void | Promise<void>) {
  const server = await startSseServer(handle);
  servers.push(server);
  return {
    ...server,
    client: createClient({ auth: "test-token", baseUrl: `${server.origin}/v1`, maxRetries: 1 }),
  };
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const seen: ServerSentEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** Resolves with what `promise` rejects with; fails the test if it resolves. */

describe("streamPrediction", () => {
  it("yields output, logs and done events, with toString giving only output", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(
        response,
        `: keep-alive\n\n${sse("output", "hel", 1)}${sse("logs", "step 1", 2)}${sse("output", "lo\nworld", 3)}: ping\n\n${sse("done", "{}", 4)}`,
      );
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/v1/stream/a`));
    expect(events.map(({ event, data, id }) => ({ event, data, id }))).toEqual([
      { event: "output", data: "hel", id: "1" },
      { event: "logs", data: "step 1", id: "2" },
      { event: "output", data: "lo\nworld", id: "3" },
      { event: "done", data: "{}", id: "4" },
    ]);
    expect(events.map(String).join("")).toBe("hello\nworld");
    expect(connections[0]?.headers.accept).toBe("text/event-stream");
    expect(connections[0]?.headers["last-event-id"]).toBeUndefined();
  });

  it("takes a prediction and reads its urls.stream", async () => {
    const { client, origin } = await serve(({ response }) => {
      openEventStream(response, `${sse("output", "x", 1)}${sse("done", "{}", 2)}`);
      response.end();
    });
    const prediction = { urls: { get: "", cancel: "", stream: `${origin}/v1/stream/b` } };
    expect((await collect(streamPrediction(client, prediction))).map(String)).toEqual(["x", ""]);
  });

  it("names an unnamed event 'message' and carries the last id to events without one", async () => {
    const { client, origin } = await serve(({ response }) => {
      openEventStream(
        response,
        `id: 7\ndata: plain\n\nevent: output\ndata: next\n\nevent: done\ndata: {}\n\n`,
      );
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map(({ event, id }) => [event, id])).toEqual([
      ["message", "7"],
      ["output", "7"],
      ["done", "7"],
    ]);
    expect(String(events[0])).toBe("");
  });

  it("ends at done and reads nothing after it", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, `${sse("output", "a", 1)}${sse("done", "{}", 2)}`);
      // The server keeps the connection open; the client must close it itself.
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map((event) => event.event)).toEqual(["output", "done"]);
    await connections[0]?.closed;
    expect(connections).toHaveLength(1);
  });

  it("rejects with a StreamError carrying the detail of an error event", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(
        response,
        `${sse("output", "partial", 1)}${sse("error", '{"detail":"out of memory"}', 2)}`,
      );
    });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of streamPrediction(client, `${origin}/s`)) seen.push(event.data);
      })(),
    );
    expect(seen).toEqual(["partial"]);
    expect(isStreamError(error)).toBe(true);
    expect(error).toMatchObject({ detail: "out of memory" });
    expect((error as Error).message).toContain("out of memory");
    await connections[0]?.closed;
  });

  it("keeps an error event's data as the detail when it is not JSON", async () => {
    const { client, origin } = await serve(({ response }) => {
      openEventStream(response, sse("error", "plain failure", 1));
    });
    const error = await rejection(collect(streamPrediction(client, `${origin}/s`)));
    expect(error).toMatchObject({ name: "StreamError", detail: "plain failure" });
  });

  it.each([
    ["an array", (token: string) => ["bad auth", `Bearer ${token}`]],
    [
      "an object",
      (token: string) => ({ message: "bad auth", header: `Bearer ${token}`, nested: [{ token }] }),
    ],
    ["a number", () => 42],
  ])(
    "keeps a detail that is %s as JSON text, with the token blanked out everywhere",
    async (_shape, detail) => {
      const token = "r8_stream/secret-token-value";
      const { origin } = await serve(({ response }) => {
        openEventStream(response, sse("error", JSON.stringify({ detail: detail(token) }), 1));
      });
      const client = createClient({ auth: token, baseUrl: `${origin}/v1` });
      const error = (await rejection(collect(streamPrediction(client, `${origin}/s`)))) as Error & {
        detail: unknown;
      };
      expect(isStreamError(error)).toBe(true);
      const expected = JSON.stringify(detail("[redacted]"));
      expect(error.detail).toBe(expected);
      expect(error.message).toBe(`The prediction failed while streaming: ${expected}`);
      const shown = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        inspect(error, { showHidden: true, depth: 10 }),
      ].join("\n");
      expect(shown).not.toContain(token.slice(4, 12));
    },
  );

  it("reconnects with Last-Event-ID after a drop, honouring retry:, and loses or repeats nothing", async () => {
    const timers = trackTimers();
    // The top of the jitter: the delay asked for is the whole reconnection time.
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { client, origin, connections } = await serve(({ response, headers }, index) => {
      if (index === 0) {
        openEventStream(response, `retry: 7\n${sse("output", "a", 1)}${sse("output", "b", 2)}`);
        // Half an event, then the connection drops.
        setTimeout(() => response.socket?.destroy(), 20).unref();
        response.write("event: output\nid: 3\ndata: lost");
        return;
      }
      const after = Number(headers["last-event-id"]);
      const all = [sse("output", "c", 3), sse("output", "d", 4), sse("done", "{}", 5)];
      openEventStream(response, all.slice(after - 2).join(""));
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map((event) => event.data)).toEqual(["a", "b", "c", "d", "{}"]);
    expect(events.map((event) => event.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(events[0]?.retry).toBe(7);
    expect(events[1]?.retry).toBeUndefined();
    expect(connections.map((connection) => connection.headers["last-event-id"])).toEqual([undefined, "2"]);
    // The one reconnection waited the server's retry time.
    expect(timers.delays).toContain(7);
    expect(timers.pending.size).toBe(0);
  });

  it("backs off from the retry time on reconnections in a row and resets after an event", async () => {
    const timers = trackTimers();
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { client, origin, connections } = await serve(({ response }, index) => {
      if (index === 0) openEventStream(response, `retry: 3\n${sse("output", "a", 1)}`);
      else if (index === 3) openEventStream(response, sse("output", "b", 2));
      else if (index === 5) openEventStream(response, sse("done", "{}", 3));
      else openEventStream(response);
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map((event) => event.data)).toEqual(["a", "b", "{}"]);
    expect(connections).toHaveLength(6);
    expect(timers.delays.filter((delay) => delay < 100)).toEqual([3, 6, 12, 3, 6]);
  });

  it("caps the reconnection delay at 10 s and jitters it, however many drops in a row", async () => {
    // Reconnection waits pass at once; the requests' own time limits (2 minutes) do not.
    const timers = trackTimers({ instant: (delay) => delay <= 10_000 });
    const random = vi.spyOn(Math, "random").mockReturnValue(1);
    const { client, origin, connections } = await serve(({ response }, index) => {
      if (index === 0) openEventStream(response, `retry: 1000\n${sse("output", "a", 1)}`);
      else if (index === 15) openEventStream(response, sse("done", "{}", 2));
      else openEventStream(response);
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`, { maxReconnects: 20 }));
    expect(events.map((event) => event.data)).toEqual(["a", "{}"]);
    expect(connections).toHaveLength(16);
    const reconnections = timers.delays.filter((delay) => delay >= 1000 && delay <= 10_000);
    expect(reconnections).toEqual([1000, 2000, 4000, 8000, ...Array(11).fill(10_000)]);

    // At the bottom of the jitter, each wait is half as long.
    random.mockReturnValue(0);
    timers.delays.length = 0;
    const again = await serve(({ response }, index) => {
      openEventStream(
        response,
        index === 0 ? `retry: 1000\n${sse("output", "a", 1)}` : index === 5 ? sse("done", "{}", 2) : "",
      );
      response.end();
    });
    await collect(streamPrediction(again.client, `${again.origin}/s`));
    expect(timers.delays.filter((delay) => delay >= 500 && delay <= 10_000)).toEqual([
      500, 1000, 2000, 4000, 5000,
    ]);
  });

  it("fails with a ConnectionError once maxReconnects reconnections in a row end without done", async () => {
    const { client, origin, connections } = await serve(({ response }, index) => {
      openEventStream(response, index === 0 ? `retry: 1\n${sse("output", "a", 1)}` : "");
      response.end();
    });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of streamPrediction(client, `${origin}/s`, { maxReconnects: 2 }))
          seen.push(event.data);
      })(),
    );
    expect(seen).toEqual(["a"]);
    expect(isConnectionError(error)).toBe(true);
    expect((error as Error).message).toContain(
      'the event stream ended 3 times in a row before its "done" event',
    );
    expect(connections).toHaveLength(3);
    expect(connections.map((connection) => connection.headers["last-event-id"])).toEqual([
      undefined,
      "1",
      "1",
    ]);
  });

  it("skips the events a server that ignores Last-Event-ID sends again, and passes on the new ones", async () => {
    const { client, origin, connections } = await serve(({ response }, index) => {
      // Each connection starts from the first event again, and gets one event further.
      const all = [
        sse("output", "a", 1),
        sse("output", "b", 2),
        sse("output", "c", 3),
        sse("done", "{}", 10),
      ];
      openEventStream(response, `retry: 1\n${all.slice(0, index + 2).join("")}`);
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map((event) => `${event.id}:${event.data}`)).toEqual(["1:a", "2:b", "3:c", "10:{}"]);
    expect(connections.map((connection) => connection.headers["last-event-id"])).toEqual([
      undefined,
      "2",
      "3",
    ]);
  });

  it("skips an event whose id is not a number when it is the last one again", async () => {
    const { client, origin, connections } = await serve(({ response }, index) => {
      const replayed = sse("output", "a", "evt-a");
      openEventStream(response, `retry: 1\n${replayed}${index === 2 ? sse("done", "{}", "evt-b") : ""}`);
      response.end();
    });
    const events = await collect(streamPrediction(client, `${origin}/s`));
    expect(events.map((event) => event.id)).toEqual(["evt-a", "evt-b"]);
    expect(connections).toHaveLength(3);
  });

  it("gives up on a server that only replays what was seen, as on one that sends nothing new", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, `retry: 1\n${sse("output", "a", 1)}`);
      response.end();
    });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of streamPrediction(client, `${origin}/s`, { maxReconnects: 2 }))
          seen.push(event.id);
      })(),
    );
    expect(seen).toEqual(["1"]);
    expect(isConnectionError(error)).toBe(true);
    expect(connections).toHaveLength(3);
  });

  it.each([
    [
      "JSON",
      "application/json",
      '{"detail":"not a stream"}',
      /answered application\/json, not text\/event-stream/,
    ],
    ["an HTML page", "text/html", "<html></html>", /answered text\/html, not text\/event-stream/],
    ["no content type", undefined, sse("done", "{}", 1), /no content type, not text\/event-stream/],
  ])(
    "rejects a 200 answer of %s with an InvalidResponseError at once",
    async (_label, contentType, body, message) => {
      const { client, origin, connections } = await serve(({ response }) => {
        response.writeHead(200, contentType ? { "content-type": contentType } : {});
        response.end(body);
      });
      const error = await rejection(collect(streamPrediction(client, `${origin}/s`)));
      expect(isInvalidResponseError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(connections).toHaveLength(1);
      await connections[0]?.closed;
    },
  );

  it("takes text/event-stream with parameters, in any case", async () => {
    const { client, origin } = await serve(({ response }) => {
      response.writeHead(200, { "content-type": "Text/Event-Stream; charset=utf-8" });
      response.end(sse("done", "{}", 1));
    });
    expect((await collect(streamPrediction(client, `${origin}/s`))).map((event) => event.event)).toEqual([
      "done",
    ]);
  });

  it("does not reconnect at all with maxReconnects 0", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, sse("output", "a", 1));
      response.end();
    });
    const error = await rejection(collect(streamPrediction(client, `${origin}/s`, { maxReconnects: 0 })));
    expect(isConnectionError(error)).toBe(true);
    expect(connections).toHaveLength(1);
  });

  it("closes the connection when the loop is left early, and leaves no timer", async () => {
    const timers = trackTimers();
    let written = 0;
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response);
      const interval = setInterval(() => {
        if (response.destroyed) return clearInterval(interval);
        response.write(sse("output", `t${written}`, ++written));
      }, 2);
    });
    const seen: string[] = [];
    for await (const event of streamPrediction(client, `${origin}/s`)) {
      seen.push(event.data);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["t0", "t1", "t2"]);
    await connections[0]?.closed;
    expect(connections).toHaveLength(1);
    expect(timers.pending.size).toBe(0);
  });

  it("reads no further bytes from the body once the loop is left", async () => {
    // A mocked fetch: only a body built here can count how often it is pulled.
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new TextEncoder().encode(sse("output", `t${pulls}`, pulls)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const client = createClient({
      auth: "test-token",
      baseUrl: "http://stream.test/v1",
      fetch: async () => new Response(body, { headers: { "content-type": "text/event-stream" } }),
    });
    for await (const event of streamPrediction(client, "http://stream.test/v1/s")) {
      if (event.data === "t2") break;
    }
    await vi.waitFor(() => expect(cancelled).toBe(true));
    const pullsAtCancel = pulls;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(pullsAtCancel);
    expect(pulls).toBeLessThan(6);
  });

  it("rejects with an AbortError and closes the connection when the signal aborts mid-stream", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, sse("output", "a", 1));
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of streamPrediction(client, `${origin}/s`, { signal: controller.signal })) {
          seen.push(event.data);
          controller.abort(new Error("enough"));
        }
      })(),
    );
    expect(seen).toEqual(["a"]);
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("enough"));
    await connections[0]?.closed;
  });

  it("rejects a pending read with an AbortError when the signal aborts while waiting for an event", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, ": nothing yet\n\n");
    });
    const controller = new AbortController();
    const reading = rejection(
      collect(streamPrediction(client, `${origin}/s`, { signal: controller.signal })),
    );
    await vi.waitFor(() => expect(connections).toHaveLength(1));
    controller.abort();
    expect(isAbortError(await reading)).toBe(true);
    await connections[0]?.closed;
  });

  it("stops waiting to reconnect when the signal aborts, and leaves no timer", async () => {
    const timers = trackTimers();
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, `retry: 600000\n${sse("output", "a", 1)}`);
      response.end();
    });
    const controller = new AbortController();
    const events = streamPrediction(client, `${origin}/s`, { signal: controller.signal });
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.data).toBe("a");
    const next = rejection(iterator.next());
    // A server's `retry:` is capped too.
    await vi.waitFor(() => expect(timers.delays).toContain(10_000));
    controller.abort();
    expect(isAbortError(await next)).toBe(true);
    expect(connections).toHaveLength(1);
    expect(timers.pending.size).toBe(0);
  });

  it("rejects at once with an AbortError when the signal is already aborted", async () => {
    const { client, origin, connections } = await serve(() => {});
    const error = await rejection(
      collect(streamPrediction(client, `${origin}/s`, { signal: AbortSignal.abort() })),
    );
    expect(isAbortError(error)).toBe(true);
    expect(connections).toHaveLength(0);
  });

  it("answers a non-2xx with the ApiError from core", async () => {
    const { client, origin } = await serve(({ response }) => {
      response.writeHead(404, { "content-type": "application/problem+json", "x-request-id": "req-9" });
      response.end(JSON.stringify({ title: "Not found", status: 404, detail: "No such prediction" }));
    });
    const error = await rejection(collect(streamPrediction(client, `${origin}/v1/predictions/x/stream`)));
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, detail: "No such prediction", requestId: "req-9" });
  });

  it("retries the first connection where the answer was a 503", async () => {
    const { client, origin, connections } = await serve(({ response }, index) => {
      if (index === 0) {
        response.writeHead(503, { "retry-after-ms": "1" });
        response.end();
        return;
      }
      openEventStream(response, sse("done", "{}", 1));
      response.end();
    });
    expect((await collect(streamPrediction(client, `${origin}/s`))).map((event) => event.event)).toEqual([
      "done",
    ]);
    expect(connections).toHaveLength(2);
  });

  it("sends the token to a stream URL on the API origin only", async () => {
    const api = await serve(({ response }) => {
      openEventStream(response, sse("done", "{}", 1));
      response.end();
    });
    const elsewhere = await serve(({ response }) => {
      openEventStream(response, sse("done", "{}", 1));
      response.end();
    });
    await collect(streamPrediction(api.client, `${api.origin}/v1/predictions/x/stream`));
    await collect(streamPrediction(api.client, `${elsewhere.origin}/v1/predictions/x/stream`));
    expect(api.connections[0]?.headers.authorization).toBe("Bearer test-token");
    expect(elsewhere.connections[0]?.headers).not.toHaveProperty("authorization");
    expect(elsewhere.connections[0]?.headers.accept).toBe("text/event-stream");
  });

  it("connects only when read", async () => {
    const { client, origin, connections } = await serve(({ response }) => {
      openEventStream(response, sse("done", "{}", 1));
      response.end();
    });
    const events = streamPrediction(client, `${origin}/s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections).toHaveLength(0);
    await events.cancel();
  });

  it("is a ReadableStream of events as well", async () => {
    const { client, origin } = await serve(({ response }) => {
      openEventStream(response, `${sse("output", "a", 1)}${sse("output", "b", 2)}${sse("done", "{}", 3)}`);
      response.end();
    });
    const events = streamPrediction(client, `${origin}/s`);
    expect(events).toBeInstanceOf(ReadableStream);
    const text = events.pipeThrough(
      new TransformStream<ServerSentEvent, string>({
        transform: (event, controller) => controller.enqueue(String(event)),
      }),
    );
    let joined = "";
    const reader = text.getReader();
    for (let result = await reader.read(); !result.done; result = await reader.read()) joined += result.value;
    expect(joined).toBe("ab");
  });

  describe("bad arguments", () => {
    const client = createClient({ auth: "test-token", baseUrl: "http://127.0.0.1:9/v1" });

    it.each([
      ["a prediction without urls.stream", { urls: { get: "g", cancel: "c" } }],
      ["an empty URL", ""],
      ["undefined", undefined],
      ["null", null],
    ])("rejects %s as the prediction", (_label, prediction) => {
      let error: unknown;
      try {
        streamPrediction(client, prediction as never);
      } catch (caught) {
        error = caught;
      }
      expect(isInvalidArgumentError(error)).toBe(true);
      expect(error).toMatchObject({ argument: "prediction" });
      expect((error as Error).message).toBe(
        "Invalid prediction: expected a prediction created with stream: true (it has urls.stream) or its stream URL",
      );
    });

    it.each([
      [-1, "-1"],
      [1.5, "1.5"],
      [Number.NaN, "NaN"],
      ["3", '"3"'],
    ])("rejects maxReconnects %s", (maxReconnects, shown) => {
      expect(() =>
        streamPrediction(client, "http://127.0.0.1:9/s", { maxReconnects: maxReconnects as number }),
      ).toThrow(
        expect.objectContaining({
          name: "InvalidArgumentError",
          argument: "maxReconnects",
          message: `Invalid maxReconnects: expected a whole number ≥ 0, got ${shown}`,
        }),
      );
    });
  });
});
