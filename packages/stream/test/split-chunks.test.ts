import { createClient } from "@dashscope/core";
import { createEmulator } from "@dashscope/emulator";
import { createPrediction } from "@dashscope/predictions";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type ServerSentEvent, streamPrediction } from "../src/index";

const PROMPT = "héllo 😀 世界\nsecond line\r\nthird  ünïcödé 🎉🎉 end";

/** A recorded stream of the emulator's echo-stream model: multi-byte characters and multi-line data. */
let recorded: Uint8Array;

/** Hand-written: CRLF and CR line ends, comments, `retry:`, a BOM, an event with no type, data without a space. */
const handWritten = new TextEncoder().encode(
  "\uFEFF: hello\r\nretry: 250\r\nid: 1\r\nevent: output\r\ndata: 世\r\ndata:界\r\n\r\n" +
    "id: 2\revent: logs\rdata: 😀 logs\r\r" +
    "id: 3\ndata: untyped\n\n: keep-alive\n\n" +
    'id: 4\nevent: done\ndata: {"reason":"done"}\n\n',
);

beforeAll(async () => {
  const emulator = createEmulator({ timeScale: 0.01 });
  try {
    const { url } = await emulator.listen(0);
    const client = createClient({ auth: "emulator-token", baseUrl: url });
    const prediction = await createPrediction(client, {
      model: "dashscope/echo-stream",
      input: { prompt: PROMPT, delay_ms: 1 },
      stream: true,
    });
    // Read once to the end as raw bytes: what a real server sent.
    const response = await fetch(prediction.urls.stream as string, {
      headers: { accept: "text/event-stream" },
    });
    recorded = new Uint8Array(await response.arrayBuffer());
  } finally {
    await emulator.close();
  }
});

/** Serves `chunks` as one response body through a mocked fetch, and collects the events. */
async function eventsOf(
  chunks: Uint8Array[],
): Promise<Pick<ServerSentEvent, "event" | "data" | "id" | "retry">[]> {
  const client = createClient({
    auth: "test-token",
    baseUrl: "http://stream.test/v1",
    maxRetries: 0,
    fetch: async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
  });
  const events = [];
  for await (const { event, data, id, retry } of streamPrediction(client, "http://stream.test/v1/s", {
    maxReconnects: 0,
  })) {
    events.push({ event, data, id, retry });
  }
  return events;
}

/** `bytes` cut at the sorted, distinct positions in `cuts`. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const edges = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return edges.slice(1).map((end, index) => bytes.slice(edges[index], end));
}

describe("the same events however the bytes are split", () => {
  it("records a stream with multi-byte characters and multi-line data", async () => {
    const text = new TextDecoder().decode(recorded);
    expect(text).toContain("😀");
    expect(text).toMatch(/data: [^\n]*\ndata: /);
    const events = await eventsOf([recorded]);
    expect(events.map((event) => (event.event === "output" ? event.data : "")).join("")).toBe(
      PROMPT.replace("\r\n", "\n"),
    );
    expect(events.at(-1)?.event).toBe("done");
  });

  it("parses the hand-written stream as the SSE rules say", async () => {
    expect(await eventsOf([handWritten])).toEqual([
      { event: "output", data: "世\n界", id: "1", retry: 250 },
      { event: "logs", data: "😀 logs", id: "2", retry: undefined },
      { event: "message", data: "untyped", id: "3", retry: undefined },
      { event: "done", data: '{"reason":"done"}', id: "4", retry: undefined },
    ]);
  });

  it("gets the same events from one byte at a time", async () => {
    for (const bytes of [recorded, handWritten]) {
      const oneByOne = Array.from(bytes, (byte) => Uint8Array.of(byte));
      expect(await eventsOf(oneByOne)).toEqual(await eventsOf([bytes]));
    }
  });

  it("gets the same events from chunks cut anywhere, inside characters too", async () => {
    for (const bytes of [recorded, handWritten]) {
      const whole = await eventsOf([bytes]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
          async (cuts) => {
            expect(await eventsOf(split(bytes, cuts))).toEqual(whole);
          },
        ),
        { numRuns: 200 },
      );
    }
  });
});
