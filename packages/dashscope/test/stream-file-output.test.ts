import { createEmulator, defineModel } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Dashscope, { FileOutput, type ServerSentEvent } from "../src/index";

// A model that streams a file and a line of text.
const frames = defineModel({
  owner: "acme",
  name: "frames",
  stream: true,
  input: { type: "object", properties: {} },
  async *run(_input, context) {
    yield context.file("frame one", "text/plain");
    yield "a caption";
  },
});

const emulator = createEmulator({ timeScale: 0.01, models: [frames] });
let baseUrl: string;

beforeAll(async () => {
  ({ url: baseUrl } = await emulator.listen(0));
});

afterAll(async () => {
  await emulator.close();
});

async function outputs(events: AsyncIterable<ServerSentEvent>): Promise<unknown[]> {
  const data: unknown[] = [];
  for await (const event of events) if (event.event === "output") data.push(event.data);
  return data;
}

describe("dashscope.stream with useFileOutput", () => {
  it("yields a FileOutput for each file event, set on the client or on the call, as replicate 1.4 does", async () => {
    const onClient = new Dashscope({ auth: "emulator-token", baseUrl, useFileOutput: true });
    const onCall = new Dashscope({ auth: "emulator-token", baseUrl });
    for (const [file, caption] of [
      await outputs(onClient.stream("acme/frames", { input: {} })),
      await outputs(onCall.stream("acme/frames", { input: {}, useFileOutput: true })),
    ]) {
      expect(file).toBeInstanceOf(FileOutput);
      expect(await (file as FileOutput).blob().then((blob) => blob.text())).toBe("frame one");
      expect(caption).toBe("a caption");
    }
  });

  it("yields URL strings by default, and with useFileOutput: false on the call", async () => {
    const plain = new Dashscope({ auth: "emulator-token", baseUrl });
    const withFiles = new Dashscope({ auth: "emulator-token", baseUrl, useFileOutput: true });
    for (const data of [
      await outputs(plain.stream("acme/frames", { input: {} })),
      await outputs(withFiles.stream("acme/frames", { input: {}, useFileOutput: false })),
    ]) {
      expect(data.map((item) => typeof item)).toEqual(["string", "string"]);
    }
  });
});
