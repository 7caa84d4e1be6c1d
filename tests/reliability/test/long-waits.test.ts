import { isTimeoutError, type Prediction } from "dashscope";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startCappingProxy } from "./helpers/capping-proxy";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { rejectionOf } from "./helpers/outcome";

// 2.5 s of model time at the emulator's 0.01 scale: longer than a 1-second hold, several times over.
const OUTLIVING_SECONDS = 250;
// 10 s: far longer than any timeout below.
const ENDLESS_SECONDS = 1000;

let longPolling: TestEmulator;
let polling: TestEmulator;
let failingCancels: TestEmulator;
let cappedLongPolling: Awaited<ReturnType<typeof startCappingProxy>>;
let cappedPolling: Awaited<ReturnType<typeof startCappingProxy>>;

beforeAll(async () => {
  longPolling = await startEmulator();
  polling = await startEmulator({ longPoll: false });
  failingCancels = await startEmulator();
  cappedLongPolling = await startCappingProxy(longPolling.url, 1);
  cappedPolling = await startCappingProxy(polling.url, 1);
});

afterAll(async () => {
  await cappedLongPolling.close();
  await cappedPolling.close();
  await Promise.all([longPolling.close(), polling.close(), failingCancels.close()]);
});

function requestsFor(proxy: typeof cappedLongPolling, id: string) {
  return proxy.requests.filter((request) => request.path.includes(id));
}

describe.concurrent("long waits", () => {
  it("run follows a prediction that outlives the Prefer: wait window and every long poll", async ({
    expect,
  }) => {
    let last: Prediction | undefined;
    const dashscope = longPolling.client({ baseUrl: cappedLongPolling.url });
    const output = await dashscope.run(
      "dashscope/sleep",
      { input: { seconds: OUTLIVING_SECONDS } },
      (prediction) => {
        last = prediction as Prediction;
      },
    );
    expect(output).toBe(`slept ${OUTLIVING_SECONDS}`);
    expect(last?.status).toBe("succeeded");
    const polls = requestsFor(cappedLongPolling, last?.id ?? "?").filter(
      (request) => request.method === "GET",
    );
    // Held for a second at most each time, the prediction needed several long polls.
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.every((request) => request.prefer?.startsWith("wait"))).toBe(true);
  });

  it("wait follows a prediction through several long polls when the server holds less than asked", async ({
    expect,
  }) => {
    const dashscope = longPolling.client({ baseUrl: cappedLongPolling.url });
    const created = await dashscope.predictions.create({
      model: "dashscope/sleep",
      input: { seconds: OUTLIVING_SECONDS },
      wait: 1,
    });
    expect(created.status).not.toBe("succeeded");
    const final = await dashscope.wait(created);
    expect(final).toMatchObject({ status: "succeeded", output: `slept ${OUTLIVING_SECONDS}` });
    const polls = requestsFor(cappedLongPolling, created.id).filter((request) => request.method === "GET");
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });

  it("run polls to the end a server that never holds a GET", async ({ expect }) => {
    let id = "";
    const dashscope = polling.client({ baseUrl: cappedPolling.url });
    const output = await dashscope.run(
      "dashscope/sleep",
      { input: { seconds: OUTLIVING_SECONDS }, wait: { interval: 200 } },
      (prediction) => {
        id = prediction.id;
      },
    );
    expect(output).toBe(`slept ${OUTLIVING_SECONDS}`);
    expect(
      requestsFor(cappedPolling, id).filter((request) => request.method === "GET").length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("a timeout on run rejects with a TimeoutError that says the prediction was canceled", async ({
    expect,
  }) => {
    const dashscope = longPolling.client();
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/sleep", {
        input: { seconds: ENDLESS_SECONDS, message: "timeout-canceled" },
        wait: { timeout: 1500 },
      }),
    );
    expect(isTimeoutError(error), String(error)).toBe(true);
    const { prediction } = error as { prediction?: Prediction };
    expect(prediction?.status).toBe("canceled");
    expect((error as Error).message).toContain(`prediction ${prediction?.id} was canceled`);
    expect((await dashscope.predictions.get(prediction?.id ?? "")).status).toBe("canceled");
  });

  // When the clean-up cancel fails, the prediction still runs (and bills) on the server: the message says so.
  it("a timeout on run whose cancel fails says the prediction was not canceled", async ({ expect }) => {
    failingCancels.emulator.injectFault({ kind: "reset", match: "POST /predictions/", times: 10 });
    const dashscope = failingCancels.client({ maxRetries: 1 });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/sleep", {
        input: { seconds: ENDLESS_SECONDS, message: "timeout-not-canceled" },
        wait: { timeout: 1500 },
      }),
    );
    expect(isTimeoutError(error), String(error)).toBe(true);
    const { prediction } = error as { prediction?: Prediction };
    expect(prediction?.status).toBe("processing");
    expect((error as Error).message).toMatch(/not (been )?canceled|could not (be )?cancel/i);
  });
});
