import { createClient, isInvalidArgumentError } from "@dashscope/core";
import { rejectionOf, startEmulator, type TestEmulator } from "test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ServerSentEvent, stream, streamPrediction } from "../src/index";
import { openEventStream, sse, startSseServer } from "./helpers/sse-server";

let emulated: TestEmulator;
beforeAll(async () => {
  emulated = await startEmulator();
});
afterAll(() => emulated.close());

const servers: Array<Awaited<ReturnType<typeof startSseServer>>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const seen: ServerSentEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("stream and the server-side deadline", () => {
  it("sends cancelAfter as Cancel-After on the create", async () => {
    const { emulator, client } = emulated;
    await collect(
      stream(client, "dashscope/echo-stream", { input: { prompt: "a", delay_ms: 1 }, cancelAfter: "2m" }),
    );
    const create = emulator.requests.filter((request) => request.method === "POST").at(-1);
    expect(create?.path).toBe("/models/dashscope/echo-stream/predictions");
    expect(create?.headers["cancel-after"]).toBe("2m");
  });

  it("refuses a deadline under 5 s on the first read, before creating anything", async () => {
    const { emulator, client } = emulated;
    const before = emulator.requests.length;
    const events = stream(client, "dashscope/echo-stream", { input: { prompt: "a" }, cancelAfter: "4s" });
    const error = await rejectionOf(collect(events));
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument: "cancelAfter" });
    expect(emulator.requests.length).toBe(before);
  });

  it("ends on the done event of a prediction that was aborted, though the server holds the connection open", async () => {
    const server = await startSseServer(({ response }) => {
      // No `response.end()`: only the `done` event can end the stream.
      openEventStream(response, sse("done", JSON.stringify({ reason: "aborted" }), 1));
    });
    servers.push(server);
    const client = createClient({ auth: "test-token", baseUrl: `${server.origin}/v1` });
    const events = await collect(streamPrediction(client, `${server.origin}/v1/stream/a`));
    expect(events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: "done", data: '{"reason":"aborted"}' },
    ]);
  });
});
