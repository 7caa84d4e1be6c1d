import { type Client, isInvalidArgumentError } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CreatePredictionOptions,
  cancelPrediction,
  createPrediction,
  getPrediction,
  listPredictions,
  type Prediction,
  type RunOptions,
  run,
  waitForPrediction,
} from "../src";
import { startEmulator } from "./helpers/emulator";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator());
});
afterAll(() => emulator.close());

const VERSION = "a".repeat(64);

/** Runs `action`, expects an InvalidArgumentError naming `argument`, and that nothing was sent. */
async function expectInvalid(action: () => Promise<unknown>, argument: string, message: RegExp) {
  const before = emulator.stats.requests.length;
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isInvalidArgumentError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ argument });
  expect((error as Error).message).toMatch(message);
  expect(emulator.stats.requests.length).toBe(before);
}

const create = (options: unknown) => () => createPrediction(client, options as CreatePredictionOptions);
const runWith = (ref: unknown, options: unknown) => () =>
  run(client, ref as `${string}/${string}`, options as RunOptions);

describe("run rejects bad arguments before any request", () => {
  it.each([
    ["hello-world"],
    ["a/b/c"],
    ["owner/name:1/2"],
    ["owner/name:"],
    ["../x"],
    [""],
    [42],
    [undefined],
    [null],
  ])("a bad ref %j", async (ref) => {
    await expectInvalid(runWith(ref, { input: {} }), "model identifier", /expected "owner\/name"/);
  });

  it.each([[null], ["Alice"], [[1, 2]], [undefined], [7]])("input %j", async (input) => {
    await expectInvalid(runWith("dashscope/hello-world", { input }), "input", /expected an object/);
  });

  it("a file input on a client without a fileEncodingStrategy, named by its field", async () => {
    const input = { prompt: "a cat", images: [new Blob(["x"]), new Uint8Array(2)] };
    await expectInvalid(runWith("dashscope/hello-world", { input }), "input.images[0]", /got a file/);
    await expectInvalid(create({ model: "dashscope/hello-world", input }), "input.images[0]", /got a file/);
  });

  it.each([[undefined], [null]])("options %j: the input is missing", async (options) => {
    await expectInvalid(runWith("dashscope/hello-world", options), "input", /expected an object/);
  });

  it.each([[-5], [1.5], ["soon"], [Number.NaN]])("a wait interval of %j", async (interval) => {
    await expectInvalid(
      runWith("dashscope/hello-world", { input: {}, wait: { interval } }),
      "wait.interval",
      /expected a whole number ≥ 0/,
    );
  });

  it.each([["log"], [42], [{}]])("a progress of %j, before the create is sent", async (progress) => {
    await expectInvalid(
      () => run(client, "dashscope/hello-world", { input: {} }, progress as never),
      "progress",
      /expected a function/,
    );
  });

  it("a bad wait mode", async () => {
    await expectInvalid(
      runWith("dashscope/hello-world", { input: {}, wait: { mode: "fast" } }),
      "wait.mode",
      /expected "block" or "poll", got "fast"/,
    );
  });

  it.each([[0], [-5], [61], [1.5], ["10"], [Number.NaN], [Number.POSITIVE_INFINITY], [null]])(
    "a wait timeout of %j (seconds the server holds the create, 1 to 60)",
    async (timeout) => {
      await expectInvalid(
        runWith("dashscope/hello-world", { input: {}, wait: { mode: "block", timeout } }),
        "wait.timeout",
        /expected a whole number of seconds from 1 to 60/,
      );
    },
  );

  it.each([[{ timeout: 30 }], [{ mode: "poll", timeout: 30 }]])(
    "a wait timeout without mode block (%j): it is no deadline",
    async (wait) => {
      await expectInvalid(
        runWith("dashscope/hello-world", { input: {}, wait }),
        "wait.timeout",
        /mode "block" only; for a deadline, pass signal: AbortSignal\.timeout\(ms\), got 30/,
      );
    },
  );

  it.each([["poll"], [60], [true]])("a wait of %j that is not an object", async (wait) => {
    await expectInvalid(runWith("dashscope/hello-world", { input: {}, wait }), "wait", /expected an object/);
  });

  it.each([["not a url"], ["ftp://example.com/hook"], ["/relative/hook"], [42]])(
    "a webhook %j",
    async (webhook) => {
      await expectInvalid(
        runWith("dashscope/hello-world", { input: {}, webhook }),
        "webhook",
        /expected an absolute http\(s\) URL/,
      );
    },
  );

  it("an unknown webhook event", async () => {
    await expectInvalid(
      runWith("dashscope/hello-world", { input: {}, webhook_events_filter: ["start", "finished"] }),
      "webhook_events_filter",
      /the events start, output, logs, completed, got \["start","finished"\]/,
    );
    await expectInvalid(
      runWith("dashscope/hello-world", { input: {}, webhook_events_filter: "start" }),
      "webhook_events_filter",
      /expected an array/,
    );
  });
});

describe("createPrediction rejects bad arguments before any request", () => {
  it("both version and model, or neither", async () => {
    await expectInvalid(
      create({ version: VERSION, model: "dashscope/hello-world", input: {} }),
      "version",
      /exactly one of "version".*or "model"/,
    );
    await expectInvalid(create({ input: {} }), "version", /exactly one of "version".*or "model"/);
  });

  it.each([[undefined], [null]])("options %j", async (options) => {
    await expectInvalid(create(options), "version", /exactly one of "version".*or "model"/);
  });

  it.each([["yes"], [1], [null]])("a stream of %j", async (stream) => {
    await expectInvalid(
      create({ model: "dashscope/hello-world", input: {}, stream }),
      "stream",
      /expected true or false/,
    );
  });

  it.each([[""], ["dashscope/hello-world"], ["a?b"], [42]])("a version %j", async (version) => {
    await expectInvalid(create({ version, input: {} }), "version", /expected a non-empty name without "\/"/);
  });

  it("a bad model", async () => {
    await expectInvalid(create({ model: "hello", input: {} }), "model identifier", /expected "owner\/name"/);
  });

  it.each([[0], [61], [1.5], ["yes"], [-1]])("wait %j", async (wait) => {
    await expectInvalid(
      create({ model: "dashscope/hello-world", input: {}, wait }),
      "wait",
      /expected true or a whole number of seconds from 1 to 60/,
    );
  });

  it("input that is not an object", async () => {
    await expectInvalid(create({ version: VERSION, input: "text" }), "input", /expected an object/);
    await expectInvalid(create({ version: VERSION }), "input", /expected an object/);
  });

  it("a bad webhook or filter", async () => {
    await expectInvalid(create({ version: VERSION, input: {}, webhook: "nope" }), "webhook", /http\(s\) URL/);
    await expectInvalid(
      create({ version: VERSION, input: {}, webhook_events_filter: ["everything"] }),
      "webhook_events_filter",
      /expected an array of the events start, output, logs, completed, got \["everything"\]/,
    );
  });
});

describe("ids and cursors are checked before any request", () => {
  it.each([[""], ["a/b"], [".."], ["x?y"], [undefined]])(
    "getPrediction and cancelPrediction with id %j",
    async (id) => {
      await expectInvalid(() => getPrediction(client, id as string), "id", /expected a non-empty name/);
      await expectInvalid(() => cancelPrediction(client, id as string), "id", /expected a non-empty name/);
    },
  );

  it("waitForPrediction with a prediction whose id is bad", async () => {
    const prediction = { id: "../account", status: "starting" } as Prediction;
    await expectInvalid(
      () => waitForPrediction(client, prediction),
      "prediction.id",
      /expected a non-empty name/,
    );
  });

  it.each([[""], ["https://api.dashscope.com/v1/predictions"], [42]])(
    "listPredictions with cursor %j",
    async (cursor) => {
      await expectInvalid(
        () => listPredictions(client, { cursor: cursor as string }),
        "cursor",
        /expected a page cursor or a page URL with a cursor/,
      );
    },
  );
});
