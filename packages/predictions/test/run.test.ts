import { createHash } from "node:crypto";
import { getEventListeners } from "node:events";
import {
  type Client,
  createClient,
  isAbortError,
  isApiError,
  isPredictionCanceledError,
  isPredictionFailedError,
  requestJson,
} from "@dashscope/core";
import { dataUriEncoder, FileOutput, PredictionFailedError, toFileOutputs } from "@dashscope/core/run";
import type { Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelPrediction, getPrediction, type Prediction, run } from "../src";
import { type AnyPrediction, rejectionOf, startEmulator, type TestEmulator, until } from "./helpers/emulator";

let emulator: Emulator;
let client: Client;
let url: string;
// A long-polling server holds each GET until the prediction ends; this one answers at once, so that a
// test sees the states in between.
let polling: TestEmulator;

beforeAll(async () => {
  ({ emulator, client, url } = await startEmulator());
  polling = await startEmulator({ longPoll: false });
});
afterAll(async () => {
  await emulator.close();
  await polling.emulator.close();
});

/** The requests the emulator records while `action` runs. */
async function recording<T>(action: () => Promise<T>) {
  const start = emulator.stats.requests.length;
  const createdBefore = emulator.stats.predictionsCreated;
  const outcome = await action().then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return {
    ...outcome,
    requests: emulator.stats.requests.slice(start),
    created: emulator.stats.predictionsCreated - createdBefore,
  };
}

describe("run", () => {
  it("blocks on the create by default and resolves with the output", async () => {
    const { value, requests } = await recording(() =>
      run<string>(client, "dashscope/hello-world", { input: { text: "Alice" } }),
    );
    expect(value).toBe("hello Alice");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/models/dashscope/hello-world/predictions",
      // As replicate sends it: the server's longest hold.
      prefer: "wait",
      idempotencyKey: expect.any(String),
    });
  });

  it("creates without Prefer in poll mode and follows the prediction", async () => {
    const { value, requests } = await recording(() =>
      run(client, "dashscope/hello-world", { input: { text: "Bob" }, wait: { mode: "poll", interval: 10 } }),
    );
    expect(value).toBe("hello Bob");
    expect(requests[0]).toMatchObject({ method: "POST", prefer: null });
    expect(requests.slice(1).every((request) => request.method === "GET")).toBe(true);
    expect(requests.length).toBeGreaterThan(1);
  });

  it("runs `owner/name:version` through /predictions", async () => {
    const model = await requestJson<{ latest_version: { id: string } }>(
      client,
      "/models/dashscope/hello-world",
    );
    const ref = `dashscope/hello-world:${model.latest_version.id}` as const;
    const { value, requests } = await recording(() => run(client, ref, { input: { text: "Cy" } }));
    expect(value).toBe("hello Cy");
    expect(requests[0]).toMatchObject({ method: "POST", path: "/predictions" });
  });

  it("reports progress on create, on each update and at the end", async () => {
    const seen: AnyPrediction[] = [];
    const output = await run(
      polling.client,
      "dashscope/gradient",
      { input: { width: 4, height: 4 }, wait: { mode: "poll", interval: 5 } },
      (prediction) => seen.push(prediction),
    );
    expect(seen[0]?.status).toBe("starting");
    expect(seen.at(-1)).toMatchObject({ status: "succeeded", output });
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen.map((prediction) => prediction.id)).size).toBe(1);
  });

  it("keeps waiting when the create's Prefer: wait window ends first", async () => {
    const seen: string[] = [];
    // The server holds the create for 1 s (`timeout` is in seconds, as in replicate); the prediction takes 1.4 s.
    const { value, requests } = await recording(() =>
      run(
        client,
        "dashscope/sleep",
        { input: { seconds: 140 }, wait: { mode: "block", timeout: 1 } },
        (prediction) => seen.push(prediction.status),
      ),
    );
    expect(value).toBe("slept 140");
    expect(requests[0]).toMatchObject({ method: "POST", prefer: "wait=1" });
    expect(seen[0]).toBe("processing");
    expect(seen.at(-1)).toBe("succeeded");
    expect(requests.some((request) => request.method === "GET")).toBe(true);
  });

  it("sends Uint8Array and Blob inputs as files", async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    // Core clients send files only with a fileEncodingStrategy.
    const encoding = { ...client, fileEncodingStrategy: dataUriEncoder };
    const fromBytes = await run(encoding, "dashscope/image-info", { input: { image: bytes } });
    expect(fromBytes).toEqual({ content_type: "application/octet-stream", bytes: bytes.length, sha256 });
    const fromBlob = await run(encoding, "dashscope/image-info", {
      input: { image: new Blob([bytes], { type: "image/png" }) },
    });
    expect(fromBlob).toEqual({ content_type: "image/png", bytes: bytes.length, sha256 });
  });

  it("rejects a failed prediction with PredictionFailedError", async () => {
    const error = await rejectionOf(
      run(client, "dashscope/sleep", {
        input: { seconds: 1, fail: true, message: "out of cheese" },
      }),
    );
    expect(error).toBeInstanceOf(PredictionFailedError);
    expect(isPredictionFailedError(error)).toBe(true);
    expect(error.message).toBe("Prediction failed: out of cheese");
    expect(error.prediction).toMatchObject({ status: "failed", error: "out of cheese" });
  });

  it("rejects a prediction canceled elsewhere with PredictionCanceledError", async () => {
    const error = await rejectionOf(
      run(
        polling.client,
        "dashscope/sleep",
        { input: { seconds: 600 }, wait: { mode: "poll", interval: 10 } },
        (prediction) => {
          if (prediction.status === "processing") void cancelPrediction(polling.client, prediction.id);
        },
      ),
    );
    expect(isPredictionCanceledError(error)).toBe(true);
    expect(error.prediction.status).toBe("canceled");
    expect(error.message).toContain(error.prediction.id);
  });

  it("cancels the prediction when aborted during a blocking create, and creates exactly one", async () => {
    const controller = new AbortController();
    const seen: AnyPrediction[] = [];
    const { error, requests, created } = await recording(() => {
      const running = run(
        client,
        "dashscope/sleep",
        { input: { seconds: 3000 }, signal: controller.signal },
        (prediction) => seen.push(prediction),
      );
      const createdBefore = emulator.stats.predictionsCreated;
      // Abort once the held create has reached the server and made its prediction.
      void until(() => emulator.stats.predictionsCreated > createdBefore).then(() => controller.abort());
      return running;
    });
    expect(isAbortError(error)).toBe(true);
    expect(created).toBe(1);
    // The held create, then its repeat without Prefer and with the same key, which made nothing new.
    const creates = requests.filter(
      (request) => request.method === "POST" && !request.path.endsWith("/cancel"),
    );
    expect(creates.map((request) => request.prefer)).toEqual(["wait", null]);
    expect(creates[1]?.idempotencyKey).toBe(creates[0]?.idempotencyKey);
    const canceled = seen.at(-1) as AnyPrediction;
    expect(seen).toHaveLength(1);
    expect(canceled.status).toBe("canceled");
    expect(requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/predictions/${canceled.id}/cancel`,
      status: 200,
    });
    expect((await getPrediction(client, canceled.id)).status).toBe("canceled");
  });

  it("cancels the prediction when aborted between polls", async () => {
    const controller = new AbortController();
    const seen: AnyPrediction[] = [];
    const error = await rejectionOf(
      run(
        polling.client,
        "dashscope/sleep",
        { input: { seconds: 600 }, wait: { mode: "poll", interval: 10 }, signal: controller.signal },
        (prediction) => {
          seen.push(prediction);
          if (prediction.status === "processing") controller.abort();
        },
      ),
    );
    expect(isAbortError(error)).toBe(true);
    const id = seen[0]?.id as string;
    expect((await getPrediction(polling.client, id)).status).toBe("canceled");
    expect(seen.at(-1)?.status).toBe("canceled");
  });

  it("cancels the prediction when aborted during a long-polled GET", async () => {
    const controller = new AbortController();
    const seen: AnyPrediction[] = [];
    const { error, requests } = await recording(() =>
      run(
        client,
        "dashscope/sleep",
        { input: { seconds: 600 }, wait: { mode: "poll" }, signal: controller.signal },
        (prediction) => {
          seen.push(prediction);
          // The create has answered; the GET that follows is held by the server until the abort.
          if (prediction.status === "starting") setTimeout(() => controller.abort(), 50);
        },
      ),
    );
    expect(isAbortError(error)).toBe(true);
    const id = seen[0]?.id as string;
    expect(requests.at(-1)).toMatchObject({ method: "POST", path: `/predictions/${id}/cancel`, status: 200 });
    expect((await getPrediction(client, id)).status).toBe("canceled");
    expect(seen.map((prediction) => prediction.status)).toEqual(["starting", "canceled"]);
  });

  it("rejects at once, sending nothing, when the signal is already aborted", async () => {
    const { error, requests } = await recording(() =>
      run(client, "dashscope/hello-world", { input: { text: "x" }, signal: AbortSignal.abort() }),
    );
    expect(isAbortError(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("polls when `wait` has no mode, as replicate does, calling progress on every poll", async () => {
    const seen: string[] = [];
    const before = polling.emulator.stats.requests.length;
    const value = await run(
      polling.client,
      "dashscope/sleep",
      { input: { seconds: 20 }, wait: { interval: 5 } },
      (prediction) => seen.push(prediction.status),
    );
    expect(value).toBe("slept 20");
    const requests = polling.emulator.stats.requests.slice(before);
    expect(requests[0]).toMatchObject({ method: "POST", prefer: null });
    const polls = requests.filter((request) => request.method === "GET");
    expect(polls.length).toBeGreaterThan(1);
    // Once on create, once per poll.
    expect(seen).toHaveLength(1 + polls.length);
  });

  it("takes `signal: AbortSignal.timeout(ms)` as the deadline: the prediction is canceled", async () => {
    const seen: AnyPrediction[] = [];
    const error = await rejectionOf(
      run(
        client,
        "dashscope/sleep",
        { input: { seconds: 600 }, wait: { mode: "poll", interval: 10 }, signal: AbortSignal.timeout(200) },
        (prediction) => seen.push(prediction),
      ),
    );
    expect(isAbortError(error)).toBe(true);
    const id = seen[0]?.id as string;
    expect((await getPrediction(client, id)).status).toBe("canceled");
  });

  it("cancels the prediction when it gives up on the wait, and says so in the error", async () => {
    polling.emulator.injectFault({ kind: "503", match: "GET /predictions/", times: 1 });
    const noRetries = createClient({ auth: "emulator-token", baseUrl: polling.url, maxRetries: 0 });
    const error = await rejectionOf(
      run(noRetries, "dashscope/sleep", { input: { seconds: 600 }, wait: { mode: "poll", interval: 10 } }),
    );
    expect(isApiError(error) && error.status).toBe(503);
    const prediction = error.prediction as Prediction;
    expect(prediction.status).toBe("canceled");
    expect(error.message).toMatch(new RegExp(`; prediction ${prediction.id} was canceled$`));
    expect(error.stack).toContain(error.message);
    expect((await getPrediction(polling.client, prediction.id)).status).toBe("canceled");
  });

  it("says the prediction may still be running when that cancel fails too", async () => {
    polling.emulator.injectFault({ kind: "503", match: "GET /predictions/", times: 1 });
    polling.emulator.injectFault({ kind: "reset", match: "POST /predictions/", times: 1 });
    const noRetries = createClient({ auth: "emulator-token", baseUrl: polling.url, maxRetries: 0 });
    const error = await rejectionOf(
      run(noRetries, "dashscope/sleep", { input: { seconds: 600 }, wait: { mode: "poll", interval: 10 } }),
    );
    const prediction = error.prediction as Prediction;
    expect(prediction.status).not.toBe("canceled");
    expect(error.message).toMatch(
      new RegExp(`; prediction ${prediction.id} was not canceled \\(it may still be running\\)$`),
    );
    expect((await getPrediction(polling.client, prediction.id)).status).not.toBe("canceled");
    await cancelPrediction(polling.client, prediction.id);
  });

  it("learns and cancels the prediction of a create whose every answer was lost", async () => {
    // Each attempt makes (or finds) the prediction, then loses its answer; retries run out.
    emulator.injectFault({
      kind: "reset",
      match: "POST /models/dashscope/sleep/predictions",
      afterRoute: true,
      times: 3,
    });
    const { error, requests, created } = await recording(() =>
      run(client, "dashscope/sleep", { input: { seconds: 3000 }, wait: { mode: "poll" } }),
    );
    expect(created).toBe(1);
    expect(error).toMatchObject({ name: "ConnectionError" });
    const { prediction, message } = error as Error & { prediction: Prediction };
    expect(prediction.status).toBe("canceled");
    expect(message).toMatch(new RegExp(`; prediction ${prediction.id} was canceled$`));
    const creates = requests.filter((request) => request.path === "/models/dashscope/sleep/predictions");
    // Three attempts, then one repeat that answered with the first one's prediction.
    expect(creates.map((request) => request.status)).toEqual([0, 0, 0, 201]);
    expect(new Set(creates.map((request) => request.idempotencyKey)).size).toBe(1);
  });

  it("retries a 429 and a 503 on the create with the same Idempotency-Key, creating one prediction", async () => {
    emulator.injectFault({
      kind: "429",
      match: "POST /models/dashscope/hello-world/predictions",
      retryAfter: "0",
    });
    emulator.injectFault({ kind: "503", match: "POST /models/dashscope/hello-world/predictions" });
    const { value, requests, created } = await recording(() =>
      run(client, "dashscope/hello-world", { input: { text: "Dee" } }),
    );
    expect(value).toBe("hello Dee");
    const posts = requests.filter((request) => request.method === "POST");
    expect(posts.map((request) => request.status)).toEqual([429, 503, 201]);
    expect(new Set(posts.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(created).toBe(1);
  });

  it.each([
    ["with AbortSignal.any", false],
    ["without AbortSignal.any, as on Node 18", true],
  ])("leaves no listener on a signal shared by many runs, %s", async (_name, withoutAny) => {
    const any = AbortSignal.any;
    if (withoutAny) (AbortSignal as { any?: unknown }).any = undefined;
    try {
      const { signal } = new AbortController();
      const runs: Record<string, () => Promise<unknown>> = {
        block: () => run(client, "dashscope/hello-world", { input: { text: "a" }, signal }),
        poll: () =>
          run(polling.client, "dashscope/hello-world", {
            input: { text: "b" },
            wait: { mode: "poll", interval: 1 },
            signal,
          }),
        "a 429 first": () => {
          emulator.injectFault({
            kind: "429",
            match: "POST /models/dashscope/hello-world/predictions",
            retryAfter: "0",
          });
          return run(client, "dashscope/hello-world", { input: { text: "c" }, signal });
        },
        failed: () => run(client, "dashscope/no-such-model", { input: {}, signal }).catch(() => {}),
      };
      for (const [kind, start] of Object.entries(runs)) {
        for (let index = 0; index < 15; index++) await start();
        expect({ kind, listeners: getEventListeners(signal, "abort").length }).toEqual({
          kind,
          listeners: 0,
        });
      }
    } finally {
      AbortSignal.any = any;
    }
  });

  it("sends no create when the signal aborts while a large file input is encoded, and rejects at once", async () => {
    const controller = new AbortController();
    // The abort comes from a timer, which only runs once the encoder lets it.
    class AbortingBlob extends Blob {
      override async arrayBuffer() {
        setTimeout(() => controller.abort(), 0);
        return super.arrayBuffer();
      }
    }
    const withFiles = createClient({ auth: client.auth, baseUrl: url, fileEncodingStrategy: dataUriEncoder });
    const { error, requests, created } = await recording(() =>
      run(withFiles, "dashscope/hello-world", {
        input: { text: "a", file: new AbortingBlob([new Uint8Array(9_000_000)]) },
        signal: controller.signal,
      }),
    );
    expect(isAbortError(error), String(error)).toBe(true);
    expect(requests).toEqual([]);
    expect(created).toBe(0);
  });

  it("gives URL outputs as strings by default and as FileOutputs with useFileOutput", async () => {
    const input = { width: 8, height: 8 };
    const [plain] = (await run(client, "dashscope/gradient", { input })) as string[];
    expect(plain).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.png$/);

    const fileClient = createClient({ auth: "emulator-token", baseUrl: url, useFileOutput: toFileOutputs });
    const [file] = (await run(fileClient, "dashscope/gradient", { input })) as FileOutput[];
    expect(file).toBeInstanceOf(FileOutput);
    const blob = await (file as FileOutput).blob();
    expect(blob.type).toBe("image/png");
    const signature = new Uint8Array(await blob.arrayBuffer()).slice(0, 8);
    expect([...signature]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });
});
