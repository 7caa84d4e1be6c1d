import { createClient, FileOutput, toFileOutputs } from "@dashscope/core";
import { createEmulator, defineModel, type Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerSentEvent, stream } from "../src/index";

// A model that streams two files and a line of text, as an image model streams its frames.
const frames = defineModel({
  owner: "acme",
  name: "frames",
  stream: true,
  input: { type: "object", properties: {} },
  async *run(_input, context) {
    yield context.file("frame one", "text/plain");
    yield context.file("frame two", "text/plain");
    yield "see https://example.com for more";
  },
});

let emulator: Emulator;
let baseUrl: string;

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01, models: [frames] });
  baseUrl = (await emulator.listen(0)).url;
});

afterAll(async () => {
  await emulator.close();
});

async function outputs(events: AsyncIterable<ServerSentEvent>): Promise<unknown[]> {
  const data: unknown[] = [];
  for await (const event of events) if (event.event === "output") data.push(event.data);
  return data;
}

describe("file outputs on a stream", () => {
  it("are FileOutputs with the client's useFileOutput, as replicate's stream yields them", async () => {
    const client = createClient({ auth: "emulator-token", baseUrl, useFileOutput: toFileOutputs });
    const [first, second, text] = await outputs(stream(client, "acme/frames", { input: {} }));
    expect(first).toBeInstanceOf(FileOutput);
    expect(second).toBeInstanceOf(FileOutput);
    expect(await (first as FileOutput).blob().then((blob) => blob.text())).toBe("frame one");
    expect(String(second)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/.+\.txt$/);
    // Text that merely contains a URL stays text.
    expect(text).toBe("see https://example.com for more");
  });

  it("stay URL strings without useFileOutput, or with useFileOutput: false on the call", async () => {
    const plain = createClient({ auth: "emulator-token", baseUrl });
    const withFiles = createClient({ auth: "emulator-token", baseUrl, useFileOutput: toFileOutputs });
    for (const data of [
      await outputs(stream(plain, "acme/frames", { input: {} })),
      await outputs(stream(withFiles, "acme/frames", { input: {}, useFileOutput: false })),
    ]) {
      expect(data.map((item) => typeof item)).toEqual(["string", "string", "string"]);
    }
  });

  it("stringify to their URL in the event's String(), as text events do", async () => {
    const client = createClient({ auth: "emulator-token", baseUrl, useFileOutput: toFileOutputs });
    const texts: string[] = [];
    for await (const event of stream(client, "acme/frames", { input: {} })) texts.push(String(event));
    expect(texts.filter(Boolean)).toHaveLength(3);
    expect(texts[0]).toMatch(/^http:.+\.txt$/);
  });
});
