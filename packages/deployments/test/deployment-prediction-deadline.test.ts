import type { Client } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { expectInvalidArgument, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeploymentPrediction } from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator());
});
afterAll(() => emulator.close());

describe("createDeploymentPrediction with cancelAfter", () => {
  it("sends it as Cancel-After beside Prefer", async () => {
    await createDeploymentPrediction(client, "dashscope", "hello", {
      input: { text: "a" },
      wait: 5,
      cancelAfter: "1h30m45s",
    });
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe("/deployments/dashscope/hello/predictions");
    expect(sent?.headers).toMatchObject({ "cancel-after": "1h30m45s", prefer: "wait=5" });
  });

  it.each(["3s", "soon", 0])("refuses %j before sending", async (value) => {
    await expectInvalidArgument(
      emulator,
      () => createDeploymentPrediction(client, "dashscope", "hello", { input: {}, cancelAfter: value }),
      "cancelAfter",
      /at least 5 seconds/,
    );
  });
});
