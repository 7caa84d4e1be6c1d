import { type Client, paginateItems, requestJson } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelPrediction,
  createPrediction,
  getPrediction,
  listPredictions,
  type Prediction,
  waitForPrediction,
} from "../src";
import { type AnyPrediction, startEmulator, type TestEmulator } from "./helpers/emulator";

let emulator: Emulator;
let client: Client;
let helloVersion: string;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 2 }));
  const model = await requestJson<{ latest_version: { id: string } }>(
    client,
    "/models/dashscope/hello-world",
  );
  helloVersion = model.latest_version.id;
});
afterAll(() => emulator.close());

const lastRequest = () => emulator.stats.requests.at(-1);

describe("createPrediction", () => {
  it("posts a `model` to the model's predictions route, with an Idempotency-Key and no Prefer", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/hello-world",
      input: { text: "Alice" },
    });
    expect(prediction.id).toMatch(/^[a-z2-7]{26}$/);
    expect(prediction.status).toBe("starting");
    expect(prediction.input).toEqual({ text: "Alice" });
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: "/models/dashscope/hello-world/predictions",
      status: 201,
      prefer: null,
      idempotencyKey: expect.any(String),
    });
  });

  it("posts a `version` to /predictions", async () => {
    const prediction = await createPrediction(client, { version: helloVersion, input: { text: "Bob" } });
    expect(prediction.version).toBe(helloVersion);
    expect(lastRequest()).toMatchObject({ method: "POST", path: "/predictions", status: 201 });
  });

  it("posts a `model` naming a version to /predictions with that version", async () => {
    const prediction = await createPrediction(client, {
      model: `dashscope/hello-world:${helloVersion}`,
      input: { text: "Carol" },
    });
    expect(prediction.version).toBe(helloVersion);
    expect(lastRequest()).toMatchObject({ method: "POST", path: "/predictions", status: 201 });
  });

  it("sends `Prefer: wait` for `wait: true` and answers the finished prediction", async () => {
    const prediction = await createPrediction<{ text: string }, string>(client, {
      model: "dashscope/hello-world",
      input: { text: "Dan" },
      wait: true,
    });
    expect(prediction).toMatchObject({ status: "succeeded", output: "hello Dan" });
    expect(lastRequest()?.prefer).toBe("wait");
  });

  it("sends `Prefer: wait=N` for a number of seconds", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/hello-world",
      input: { text: "Eve" },
      wait: 5,
    });
    expect(prediction.status).toBe("succeeded");
    expect(lastRequest()?.prefer).toBe("wait=5");
  });

  it("sends the caller's Idempotency-Key, so a repeat makes no second prediction", async () => {
    const before = emulator.stats.predictionsCreated;
    const idempotencyKey = `test-${Math.random()}`;
    const options = { model: "dashscope/hello-world", input: { text: "Fay" }, idempotencyKey };
    const first = await createPrediction(client, options);
    const second = await createPrediction(client, options);
    expect(second.id).toBe(first.id);
    expect(emulator.stats.predictionsCreated).toBe(before + 1);
    expect(lastRequest()?.idempotencyKey).toBe(idempotencyKey);
  });

  it("asks for a stream URL with `stream: true`", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/echo-stream",
      input: { prompt: "one two" },
      stream: true,
    });
    expect(prediction.urls.stream).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("passes the webhook options on", async () => {
    const prediction = await createPrediction(client, {
      model: "dashscope/hello-world",
      input: { text: "Gil" },
      webhook: "http://127.0.0.1:9/hooks",
      webhook_events_filter: ["completed"],
    });
    expect(prediction).toMatchObject({
      webhook: "http://127.0.0.1:9/hooks",
      webhook_events_filter: ["completed"],
    });
  });

  it("retries a 503 with the same Idempotency-Key and creates one prediction", async () => {
    const before = emulator.stats.predictionsCreated;
    const requestsBefore = emulator.stats.requests.length;
    emulator.injectFault({ kind: "503", match: "POST /predictions", times: 1 });
    const prediction = await createPrediction(client, { version: helloVersion, input: { text: "Hal" } });
    expect(prediction.status).toBe("starting");
    const posts = emulator.stats.requests.slice(requestsBefore);
    expect(posts.map((request) => request.status)).toEqual([503, 201]);
    expect(new Set(posts.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(posts[0]?.idempotencyKey).toBeTruthy();
    expect(emulator.stats.predictionsCreated).toBe(before + 1);
  });
});

describe("getPrediction", () => {
  it("answers the prediction in its current state", async () => {
    const created = await createPrediction(client, {
      model: "dashscope/hello-world",
      input: { text: "Ida" },
    });
    const fetched = await getPrediction(client, created.id);
    expect(fetched.id).toBe(created.id);
    expect(fetched.input).toEqual({ text: "Ida" });
    expect(lastRequest()).toMatchObject({ method: "GET", path: `/predictions/${created.id}`, status: 200 });
  });

  it("rejects with a NotFoundError for an unknown id", async () => {
    await expect(getPrediction(client, "aaaaaaaaaaaaaaaaaaaaaaaaaa")).rejects.toMatchObject({
      name: "ApiError",
      status: 404,
    });
  });
});

describe("cancelPrediction", () => {
  it("cancels a running prediction", async () => {
    const created = await createPrediction(client, { model: "dashscope/sleep", input: { seconds: 600 } });
    const canceled = await cancelPrediction(client, created.id);
    expect(canceled).toMatchObject({ id: created.id, status: "canceled" });
    expect((await getPrediction(client, created.id)).status).toBe("canceled");
  });

  it("is retried after a 503, since canceling twice is harmless", async () => {
    const created = await createPrediction(client, { model: "dashscope/sleep", input: { seconds: 600 } });
    emulator.injectFault({ kind: "503", match: `POST /predictions/${created.id}/cancel` });
    const canceled = await cancelPrediction(client, created.id);
    expect(canceled.status).toBe("canceled");
    const cancels = emulator.stats.requests.filter((request) =>
      request.path.endsWith(`${created.id}/cancel`),
    );
    expect(cancels.map((request) => request.status)).toEqual([503, 200]);
  });
});

describe("listPredictions", () => {
  it("answers a page, newest first, and the next one from its cursor or its `next` URL", async () => {
    const first = await createPrediction(client, { model: "dashscope/hello-world", input: { text: "1" } });
    const second = await createPrediction(client, { model: "dashscope/hello-world", input: { text: "2" } });
    const page = await listPredictions(client);
    expect(page.results.map((prediction) => prediction.id)).toEqual([second.id, first.id]);
    expect(page.next).toEqual(expect.any(String));

    const byUrl = await listPredictions(client, { cursor: page.next as string });
    const cursor = new URL(page.next as string).searchParams.get("cursor") as string;
    const byCursor = await listPredictions(client, { cursor });
    expect(byUrl.results.length).toBeGreaterThan(0);
    expect(byCursor.results.map((prediction) => prediction.id)).toEqual(
      byUrl.results.map((prediction) => prediction.id),
    );
    expect(byUrl.results.map((prediction) => prediction.id)).not.toContain(second.id);
    expect(lastRequest()).toMatchObject({ method: "GET", path: "/predictions", status: 200 });
  });

  it("works with core's paginate", async () => {
    const ids = [];
    for await (const prediction of paginateItems(client, (options) => listPredictions(client, options))) {
      ids.push(prediction.id);
    }
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("waitForPrediction", () => {
  it("answers the final prediction and reports each update", async () => {
    const created = await createPrediction(client, { model: "dashscope/sleep", input: { seconds: 30 } });
    const updates: string[] = [];
    const final = await waitForPrediction(client, created, {}, (update) => {
      updates.push(update.status);
    });
    expect(final).toMatchObject({ id: created.id, status: "succeeded", output: "slept 30" });
    expect(updates.at(-1)).toBe("succeeded");
    // The emulator honours `Prefer: wait` on GET, so the wait long-polls, about one interval at a
    // time while someone watches the updates.
    expect(lastRequest()).toMatchObject({
      method: "GET",
      path: `/predictions/${created.id}`,
      prefer: "wait=1",
    });
  });

  it("long-polls up to the server's longest wait when nobody watches", async () => {
    const created = await createPrediction(client, { model: "dashscope/sleep", input: { seconds: 30 } });
    await waitForPrediction(client, created);
    expect(lastRequest()).toMatchObject({
      method: "GET",
      path: `/predictions/${created.id}`,
      prefer: "wait=60",
    });
  });

  it("answers a failed prediction instead of throwing", async () => {
    const created = await createPrediction(client, {
      model: "dashscope/sleep",
      input: { seconds: 1, fail: true, message: "no luck" },
    });
    const final = await waitForPrediction(client, created);
    expect(final).toMatchObject({ status: "failed", error: "no luck" });
  });

  it("stops when onUpdate returns true", async () => {
    // A long-polling server holds each GET until the end, so stopping early needs one that answers at once.
    const polling = await startEmulator({ longPoll: false });
    try {
      const created = await createPrediction(polling.client, {
        model: "dashscope/sleep",
        input: { seconds: 600 },
      });
      const stopped = await waitForPrediction(
        polling.client,
        created,
        { interval: 10 },
        (update) => update.status === "processing",
      );
      expect(stopped.status).toBe("processing");
      await cancelPrediction(polling.client, created.id);
    } finally {
      await polling.emulator.close();
    }
  });

  it("rejects with a TimeoutError after `timeout`", async () => {
    const created = await createPrediction(client, { model: "dashscope/sleep", input: { seconds: 600 } });
    const error = await waitForPrediction(client, created, { timeout: 200 }).catch((caught) => caught);
    expect(error).toMatchObject({ name: "TimeoutError" });
    await cancelPrediction(client, created.id);
  });

  it("polls every `interval` against a server that does not hold answers", async () => {
    const polling: TestEmulator = await startEmulator({ longPoll: false });
    try {
      const created = await createPrediction(polling.client, {
        model: "dashscope/sleep",
        input: { seconds: 20 },
      });
      const final: Prediction = await waitForPrediction(polling.client, created, { interval: 20 });
      expect(final.status).toBe("succeeded");
      const gets = polling.emulator.stats.requests.filter((request) => request.method === "GET");
      expect(gets.length).toBeGreaterThan(1);
    } finally {
      await polling.emulator.close();
    }
  });

  it("rejects with an AbortError when the signal aborts", async () => {
    const created: AnyPrediction = await createPrediction(client, {
      model: "dashscope/sleep",
      input: { seconds: 600 },
    });
    const controller = new AbortController();
    const waiting = waitForPrediction(client, created, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await cancelPrediction(client, created.id);
  });
});
