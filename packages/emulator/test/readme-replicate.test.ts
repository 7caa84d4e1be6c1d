// The README's "Testing code that uses `replicate`" example, as written there (but for the import path).

import Replicate from "replicate";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createEmulator, defineModel, EMULATOR_TOKEN, type Emulator } from "../src/index";

// The code under test: it takes its client, so a test can point it at the emulator.
async function summarize(replicate: Replicate, text: string): Promise<string> {
  const output = await replicate.run("acme/summarizer", { input: { text, max_words: 3 } });
  return String(output);
}

const summarizer = defineModel({
  owner: "acme",
  name: "summarizer",
  input: {
    type: "object",
    properties: { text: { type: "string" }, max_words: { type: "integer", minimum: 1 } },
    required: ["text"],
  },
  async run(input) {
    return String(input.text)
      .split(/\s+/)
      .slice(0, Number(input.max_words ?? 10))
      .join(" ");
  },
});

let emulator: Emulator;
let replicate: Replicate;

beforeAll(async () => {
  emulator = createEmulator({ models: [summarizer], seed: 1 });
  const { url } = await emulator.listen(0);
  replicate = new Replicate({ auth: EMULATOR_TOKEN, baseUrl: url });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

it("summarizes with the model's output", async () => {
  expect(await summarize(replicate, "one two three four five")).toBe("one two three");
  const [create] = emulator.requests;
  expect(create).toMatchObject({
    method: "POST",
    path: "/models/acme/summarizer/predictions",
    body: { input: { text: "one two three four five", max_words: 3 } },
  });
});

it("fails the way the service fails on bad input", async () => {
  await expect(replicate.run("acme/summarizer", { input: { max_words: 0 } })).rejects.toThrow(
    /input.text: is required; input.max_words: must be at least 1/,
  );
});
