import {
  type Client,
  dataUriEncoder,
  NotFoundError,
  UnprocessableEntityError,
  waitFor,
} from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeploymentPrediction } from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator());
});
afterAll(() => emulator.close());

describe("createDeploymentPrediction", () => {
  it("creates a prediction on the deployment, then core's waitFor follows it to its output", async () => {
    const created = await createDeploymentPrediction(client, "dashscope", "hello", {
      input: { text: "Alice" },
    });
    expect(created.status).toBe("starting");
    const post = emulator.stats.requests.at(-1);
    expect(post).toMatchObject({
      method: "POST",
      path: "/deployments/dashscope/hello/predictions",
      status: 201,
    });
    expect(post?.idempotencyKey).toBeTruthy();
    expect(post?.prefer).toBeNull();
    const done = await waitFor(client, created, `/predictions/${created.id}`);
    expect(done).toMatchObject({ status: "succeeded", output: "hello Alice" });
  });

  it("holds the answer with Prefer: wait", async () => {
    const prediction = await createDeploymentPrediction<{ text: string }, string>(
      client,
      "dashscope",
      "hello",
      {
        input: { text: "Bob" },
        wait: true,
      },
    );
    expect(prediction).toMatchObject({ status: "succeeded", output: "hello Bob" });
    expect(emulator.stats.requests.at(-1)?.prefer).toBe("wait");
    await createDeploymentPrediction(client, "dashscope", "hello", { input: { text: "Carol" }, wait: 5 });
    expect(emulator.stats.requests.at(-1)?.prefer).toBe("wait=5");
  });

  it("keeps a held answer past the client's per-attempt timeout", async () => {
    const strict = { ...client, timeout: 1 };
    emulator.injectFault({
      kind: "slow",
      match: "POST /deployments/dashscope/hello/predictions",
      delayMs: 50,
    });
    const prediction = await createDeploymentPrediction(strict, "dashscope", "hello", {
      input: { text: "Dan" },
      wait: 5,
    });
    expect(prediction.output).toBe("hello Dan");
  });

  it("encodes Blob inputs as data URIs", async () => {
    // Core clients send files only with a fileEncodingStrategy.
    const encoding = { ...client, fileEncodingStrategy: dataUriEncoder };
    const prediction = await createDeploymentPrediction(encoding, "dashscope", "hello", {
      input: { text: "Eve", attachment: new Blob(["x"], { type: "text/plain" }) },
    });
    expect(prediction.input.attachment).toBe("data:text/plain;base64,eA==");
  });

  it("sends the webhook options", async () => {
    const prediction = await createDeploymentPrediction(client, "dashscope", "hello", {
      input: { text: "Fay" },
      webhook: "http://127.0.0.1:9/hook",
      webhook_events_filter: ["completed"],
    });
    expect(prediction).toMatchObject({
      webhook: "http://127.0.0.1:9/hook",
      webhook_events_filter: ["completed"],
    });
  });

  it("surfaces a 422 for an input the model refuses", async () => {
    const error = await rejectionOf(
      createDeploymentPrediction(client, "dashscope", "hello", { input: { text: 5 } }),
    );
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).invalidFields?.[0]?.field).toBe("input.text");
  });

  it("rejects an unknown deployment with a NotFoundError", async () => {
    const error = await rejectionOf(
      createDeploymentPrediction(client, "dashscope", "no-such-deployment", { input: { text: "x" } }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as NotFoundError).requestId).toBeTruthy();
  });

  it.each(BAD_SEGMENTS)("refuses the owner or name %j before any request", async (bad) => {
    const segment = bad as string;
    const input = { input: { text: "x" } };
    await expectInvalidArgument(
      emulator,
      () => createDeploymentPrediction(client, segment, "hello", input),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(
      emulator,
      () => createDeploymentPrediction(client, "dashscope", segment, input),
      "name",
      /name/,
    );
  });

  it.each([undefined, null, "text", [1]])("refuses the input %j before any request", async (input) => {
    await expectInvalidArgument(
      emulator,
      () => createDeploymentPrediction(client, "dashscope", "hello", { input: input as object }),
      "input",
      /expected an object/,
    );
  });

  it.each([0, 61, 1.5, "5", -1])("refuses wait %j before any request", async (wait) => {
    await expectInvalidArgument(
      emulator,
      () => createDeploymentPrediction(client, "dashscope", "hello", { input: {}, wait: wait as number }),
      "wait",
      /1 to 60/,
    );
  });

  it("refuses a bad stream flag or webhook before any request", async () => {
    const create = (options: object) =>
      createDeploymentPrediction(client, "dashscope", "hello", { input: { text: "x" }, ...options });
    await expectInvalidArgument(emulator, () => create({ stream: "yes" }), "stream", /true or false/);
    await expectInvalidArgument(emulator, () => create({ webhook: "not a url" }), "webhook", /http\(s\)/);
    await expectInvalidArgument(
      emulator,
      () => create({ webhook_events_filter: ["started"] }),
      "webhook_events_filter",
      /the events start, output, logs, completed, got \["started"\]/,
    );
  });
});
