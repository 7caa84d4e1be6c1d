import { isAbortError, isConnectionError, type Prediction } from "dashscope";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startCappingProxy } from "./helpers/capping-proxy";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { rejectionOf } from "./helpers/outcome";

// 2.5 s of model time at the emulator's 0.01 scale: longer than a 1-second hold, several times over.
const OUTLIVING_SECONDS = 250;
// 10 s: far longer than any deadline below.
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

  it("wait.timeout is how long the server holds the create, in seconds: run waits on after it", async ({
    expect,
  }) => {
    let id = "";
    const dashscope = longPolling.client({ baseUrl: cappedLongPolling.url });
    const output = await dashscope.run(
      "dashscope/sleep",
      { input: { seconds: OUTLIVING_SECONDS }, wait: { mode: "block", timeout: 1 } },
      (prediction) => {
        id = prediction.id;
      },
    );
    expect(output).toBe(`slept ${OUTLIVING_SECONDS}`);
    const [create] = cappedLongPolling.requests.filter((request) => request.method === "POST");
    expect(cappedLongPolling.requests.find((request) => request.prefer === "wait=1")?.method).toBe("POST");
    expect(create).toBeDefined();
    expect(requestsFor(cappedLongPolling, id).some((request) => request.method === "GET")).toBe(true);
  });

  it("a deadline is a signal: AbortSignal.timeout rejects with an AbortError and cancels the prediction", async ({
    expect,
  }) => {
    const dashscope = longPolling.client();
    let id = "";
    const error = await rejectionOf(() =>
      dashscope.run(
        "dashscope/sleep",
        {
          input: { seconds: ENDLESS_SECONDS, message: "deadline-canceled" },
          signal: AbortSignal.timeout(300),
        },
        (prediction) => {
          id = prediction.id;
        },
      ),
    );
    expect(isAbortError(error), String(error)).toBe(true);
    expect((await dashscope.predictions.get(id)).status).toBe("canceled");
  });

  // When the clean-up cancel fails, the prediction still runs (and bills) on the server: the message says so.
  it("a run that gives up on its wait, and whose cancel fails, says the prediction may still be running", async ({
    expect,
  }) => {
    failingCancels.emulator.injectFault({ kind: "reset", match: "GET /predictions/", times: 2 });
    failingCancels.emulator.injectFault({ kind: "reset", match: "POST /predictions/", times: 10 });
    const dashscope = failingCancels.client({ maxRetries: 1 });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/sleep", {
        input: { seconds: ENDLESS_SECONDS, message: "give-up-not-canceled" },
        wait: { mode: "poll" },
      }),
    );
    expect(isConnectionError(error), String(error)).toBe(true);
    const { prediction } = error as { prediction?: Prediction };
    expect(prediction?.status).toBe("starting");
    expect((error as Error).message).toMatch(
      new RegExp(`prediction ${prediction?.id} was not canceled \\(it may still be running\\)$`),
    );
    expect(["starting", "processing"]).toContain(
      (await failingCancels.client().predictions.get(prediction?.id ?? "")).status,
    );
  });
});
