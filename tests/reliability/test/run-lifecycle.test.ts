import Dashscope, {
  isAbortError,
  isConnectionError,
  isInvalidArgumentError,
  type Prediction,
} from "dashscope";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { rejectionOf } from "./helpers/outcome";

const SLEEP_CREATE = "POST /models/dashscope/sleep/predictions";

let server: TestEmulator;

beforeAll(async () => {
  server = await startEmulator();
});
afterAll(() => server.close());
beforeEach(() => server.emulator.stats.reset());

/** A client whose fetch counts the answers that reached it, so a test can act once one has. */
function countingClient(options: ConstructorParameters<typeof Dashscope>[0] = {}) {
  const counter = { answers: 0 };
  const dashscope = server.client({
    ...options,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      counter.answers++;
      return response;
    },
  });
  return { dashscope, counter };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const requests = () => server.emulator.stats.requests.map((request) => `${request.method} ${request.status}`);

describe("an abort never creates a prediction", () => {
  it.each([
    ["waiting out a 429's Retry-After", { kind: "429", retryAfter: "30" }, "POST 429"],
    ["in the backoff after a 503", { kind: "503" }, "POST 503"],
  ] as const)("sends no create when aborted %s", async (_, fault, answered) => {
    server.emulator.injectFault({ ...fault, match: SLEEP_CREATE });
    const { dashscope, counter } = countingClient();
    const controller = new AbortController();
    const running = rejectionOf(() =>
      dashscope.run("dashscope/sleep", { input: { seconds: 3000 }, signal: controller.signal }),
    );
    await until(() => counter.answers === 1);
    controller.abort();
    expect(isAbortError(await running)).toBe(true);
    expect(requests()).toEqual([answered]);
    expect(server.emulator.stats.predictionsCreated).toBe(0);
  });

  it("sends nothing when aborted while a file input is being uploaded, before the create", async () => {
    const controller = new AbortController();
    const dashscope = server.client({
      // The caller gives up while the file is being uploaded, before the create could be sent.
      fileEncodingStrategy: async () => {
        controller.abort();
        return "http://127.0.0.1:9/uploaded.png";
      },
    });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/image-info", {
        input: { image: new Blob([new Uint8Array(64)]) },
        signal: controller.signal,
      }),
    );
    expect(isAbortError(error), String(error)).toBe(true);
    expect(requests()).toEqual([]);
  });
});

describe("aborts answer promptly", () => {
  it("bounds the clean-up by the client's cleanupTimeout when the cancel never answers", async () => {
    // Each cancel is held for a minute; with the old fixed 10 s clean-up this test would time out.
    server.emulator.injectFault({ kind: "slow", match: "POST /predictions/", delayMs: 60_000 });
    const dashscope = server.client({ cleanupTimeout: 100 });
    const cleanupLimits = vi.spyOn(AbortSignal, "timeout");
    let id = "";
    const controller = new AbortController();
    const error = await rejectionOf(() =>
      dashscope.run(
        "dashscope/sleep",
        { input: { seconds: 3000 }, wait: { mode: "poll", interval: 10 }, signal: controller.signal },
        (prediction) => {
          id = prediction.id;
          controller.abort();
        },
      ),
    );
    expect(isAbortError(error)).toBe(true);
    // One cancel was sent; its answer was not waited for past the bound.
    const cancels = server.emulator.stats.requests.filter((request) => request.path.endsWith("/cancel"));
    expect(cancels.map((request) => request.path)).toEqual([`/predictions/${id}/cancel`]);
    expect(cleanupLimits.mock.calls).toEqual([[100]]);
    cleanupLimits.mockRestore();
  });
});

describe("a run that gives up leaves nothing running unknown", () => {
  it("learns and cancels the prediction of a create whose every answer was lost", async () => {
    server.emulator.injectFault({ kind: "reset", match: SLEEP_CREATE, afterRoute: true, times: 3 });
    const dashscope = server.client({ maxRetries: 2 });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/sleep", { input: { seconds: 3000 }, wait: { mode: "poll" } }),
    );
    expect(isConnectionError(error), String(error)).toBe(true);
    const { prediction, message } = error as Error & { prediction?: Prediction };
    expect(prediction?.status).toBe("canceled");
    expect(message).toContain(`prediction ${prediction?.id} was canceled`);
    expect(server.emulator.stats.predictionsCreated).toBe(1);
    expect((await dashscope.predictions.get(prediction?.id ?? "")).status).toBe("canceled");
  });

  it("cancels the prediction when the wait's retries run out", async () => {
    server.emulator.injectFault({ kind: "502", match: "GET /predictions/", times: 2 });
    const dashscope = server.client({ maxRetries: 1 });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/sleep", { input: { seconds: 3000 }, wait: { mode: "poll" } }),
    );
    const { prediction, message } = error as Error & { prediction?: Prediction };
    expect(prediction?.status, String(error)).toBe("canceled");
    expect(message).toMatch(/failed with status 502.*; prediction \w+ was canceled$/);
    expect((await dashscope.predictions.get(prediction?.id ?? "")).status).toBe("canceled");
  });
});

describe("every check of run's wait happens before the first byte", () => {
  it.each([
    [{ mode: "block", timeout: Number.POSITIVE_INFINITY }, "wait.timeout"],
    [{ mode: "block", timeout: 0 }, "wait.timeout"],
    [{ mode: "block", timeout: 61 }, "wait.timeout"],
    [{ mode: "block", timeout: 2.5 }, "wait.timeout"],
    [{ timeout: 60_000 }, "wait.timeout"],
    [{ mode: "poll", interval: Number.POSITIVE_INFINITY }, "wait.interval"],
    [{ mode: "poll", interval: -1 }, "wait.interval"],
    [{ mode: "later" }, "wait.mode"],
  ])("refuses wait %j, naming %s, and sends nothing", async (wait, argument) => {
    const error = await rejectionOf(() =>
      server.client().run("dashscope/sleep", { input: { seconds: 1 }, wait: wait as never }),
    );
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument });
    expect(requests()).toEqual([]);
  });
});
