import { describe, expect, it } from "vitest";
import { json, type Loose, parseEvents, readAll, startEmulator } from "./helpers";

type Prediction = Loose;

async function createStream(
  api: Awaited<ReturnType<typeof startEmulator>>["api"],
  prompt: string,
  delayMs = 100,
) {
  const response = await api("/models/dashscope/echo-stream/predictions", {
    method: "POST",
    json: { input: { prompt, delay_ms: delayMs }, stream: true },
  });
  return json<Prediction>(response);
}

describe("server-sent events", () => {
  it("streams output tokens, logs and done, without a token", async () => {
    const { api } = await startEmulator();
    const prompt = "Hello  streaming\nworld, with spaces ";
    const prediction = await createStream(api, prompt);
    expect(prediction.urls.stream).toMatch(/\/v1\/streams\/[a-z2-7]{26}$/);
    const response = await fetch(prediction.urls.stream, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const { events } = parseEvents(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      "logs",
      "output",
      "output",
      "output",
      "output",
      "output",
      "done",
    ]);
    expect(events.map((event) => event.id)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    const tokens = events.filter((event) => event.event === "output").map((event) => event.data);
    expect(tokens).toEqual(["Hello  ", "streaming\n", "world, ", "with ", "spaces "]);
    expect(tokens.join("")).toBe(prompt);
    expect(events.at(-1)?.data).toBe("{}");
    const finished = await json<Prediction>(await api(`/predictions/${prediction.id}`));
    expect(finished.output).toEqual(tokens);
  });

  it("resumes after Last-Event-ID with nothing repeated or lost", async () => {
    const { api, emulator } = await startEmulator();
    const prediction = await createStream(api, "one two three four five");
    const first = await fetch(prediction.urls.stream);
    const reader = first.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    // Read until three events arrived, then hang up as a dropped client would.
    for (let reads = 0; reads < 100 && parseEvents(text).events.length < 3; reads++) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader?.cancel();
    const before = parseEvents(text).events.slice(0, 3);
    const lastId = before.at(-1)?.id as string;
    const resumed = await fetch(prediction.urls.stream, { headers: { "last-event-id": lastId } });
    const after = parseEvents(await resumed.text()).events;
    expect([...before, ...after].map((event) => event.id)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(
      [...before, ...after]
        .filter((event) => event.event === "output")
        .map((event) => event.data)
        .join(""),
    ).toBe("one two three four five");
    expect(
      emulator.stats.requests
        .filter((request) => request.route === "/streams/{id}")
        .map((request) => request.lastEventId),
    ).toEqual([null, lastId]);
  });

  it("answers at once after the end: the rest and done, or done again after done", async () => {
    const { api } = await startEmulator();
    const prediction = await createStream(api, "short one", 0);
    await api(`/predictions/${prediction.id}`, { headers: { prefer: "wait" } });
    const replay = parseEvents(await (await fetch(prediction.urls.stream)).text()).events;
    expect(replay.map((event) => event.event)).toEqual(["logs", "output", "output", "done"]);
    const afterDone = parseEvents(
      await (await fetch(prediction.urls.stream, { headers: { "last-event-id": "4" } })).text(),
    ).events;
    expect(afterDone).toEqual([{ id: "4", event: "done", data: "{}" }]);
  });

  it("ends a canceled stream with done reason canceled", async () => {
    const { api } = await startEmulator({ timeScale: 1 });
    const prediction = await createStream(api, "slow words here", 10_000);
    const streaming = fetch(prediction.urls.stream).then((response) => response.text());
    await api(`/predictions/${prediction.id}/cancel`, { method: "POST" });
    const events = parseEvents(await streaming).events;
    expect(events.at(-1)).toMatchObject({ event: "done", data: '{"reason":"canceled"}' });
  });

  it("sends keep-alive comments while nothing happens", async () => {
    const { api } = await startEmulator({ timeScale: 0.005 });
    const prediction = await createStream(api, "a b", 60_000);
    const response = await fetch(prediction.urls.stream);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (let reads = 0; reads < 50 && !text.includes(": keep-alive"); reads++) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader?.cancel();
    expect(parseEvents(text).comments).toBeGreaterThan(0);
  });

  it("gives no stream URL to a model that cannot stream, and 404 for unknown streams", async () => {
    const { api, url } = await startEmulator();
    const prediction = await json<Prediction>(
      await api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        json: { input: { text: "x" }, stream: true },
      }),
    );
    expect(prediction.urls.stream).toBeUndefined();
    expect((await fetch(`${url}/streams/${prediction.id}`)).status).toBe(404);
    expect((await fetch(`${url}/streams/aaaaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
  });

  it("gives a model that can stream its stream URL even without stream: true, as the service does", async () => {
    const { api } = await startEmulator();
    const unasked = await json<Prediction>(
      await api("/models/dashscope/echo-stream/predictions", {
        method: "POST",
        json: { input: { prompt: "one two", delay_ms: 1 } },
      }),
    );
    expect(unasked.urls.stream).toMatch(/\/v1\/streams\/[a-z2-7]{26}$/);
    const events = parseEvents((await readAll(await fetch(unasked.urls.stream as string))).text).events;
    expect(events.filter((event) => event.event === "output").map((event) => event.data)).toEqual([
      "one ",
      "two",
    ]);
  });

  it("sends an error event before done on failure", async () => {
    const { api } = await startEmulator();
    const response = await api("/models/dashscope/echo-stream/predictions", {
      method: "POST",
      json: { input: { prompt: "one two three", delay_ms: 10, fail_after: 2 }, stream: true },
    });
    const prediction = await json<Prediction>(response);
    const events = parseEvents(await (await fetch(prediction.urls.stream)).text()).events;
    expect(events.map((event) => event.event)).toEqual(["logs", "output", "output", "error", "done"]);
    expect(JSON.parse(events[3]?.data ?? "")).toEqual({ detail: "failed after 2 tokens, as asked" });
    expect(JSON.parse(events[4]?.data ?? "")).toEqual({ reason: "error" });
    const failed = await json<Prediction>(await api(`/predictions/${prediction.id}`));
    expect(failed).toMatchObject({
      status: "failed",
      error: "failed after 2 tokens, as asked",
      output: ["one ", "two "],
    });
  });

  it("ends open streams when the emulator closes", async () => {
    const { api, emulator } = await startEmulator({ timeScale: 1 });
    const prediction = await createStream(api, "never finishes", 10_000);
    const response = await fetch(prediction.urls.stream);
    const reading = readAll(response);
    await emulator.close();
    const result = await reading;
    expect(parseEvents(result.text).events.some((event) => event.event === "done")).toBe(false);
  });
});
