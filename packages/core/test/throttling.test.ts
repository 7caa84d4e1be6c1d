import { createEmulator } from "@dashscope/emulator";
import { describe, expect, it, vi } from "vitest";
import { createClient, createRunRequest, type Prediction, requestJson, waitFor } from "../src/index";
import { sleeps } from "./helpers/recorded-sleeps";

vi.mock("../src/abortable", async (original) =>
  (await import("./helpers/recorded-sleeps")).recordingSleeps(await original()),
);

/** What `run` does with the transport: a create, then the wait for its prediction. */
async function runOnce(client: ReturnType<typeof createClient>, index: number): Promise<unknown> {
  const created = await requestJson<Prediction>(
    client,
    "/models/dashscope/hello-world/predictions",
    await createRunRequest(client, { input: { text: `run ${index}` } }, {}),
  );
  return (await waitFor(client, created, `/predictions/${created.id}`, { interval: 1 })).output;
}

describe("300 runs at once against a server that answers 429 to many requests", () => {
  it.each([0.3, 0.6])(
    "loses no run when %s of requests are answered 429",
    async (rate) => {
      sleeps.instant = true;
      // Each 429 asks for `Retry-After: 1` scaled like every emulated time: `retry-after-ms: 10` at time
      // scale 0.01. The waits are recorded and not slept.
      const emulator = createEmulator({ timeScale: 0.01, seed: 24, faults: { 429: rate } });
      const { url } = await emulator.listen(0);
      try {
        const client = createClient({ auth: "emulator-token", baseUrl: url });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 300 }, (_, index) => runOnce(client, index)),
        );
        const lost = outcomes.filter((outcome) => outcome.status === "rejected");
        expect(lost.map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
        expect(outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value)).toEqual(
          Array.from({ length: 300 }, (_, index) => `hello run ${index}`),
        );
        expect(emulator.stats.predictionsCreated).toBe(300);
        // Every wait honours the time asked for and spreads it over at most a quarter more.
        const throttled = emulator.stats.requests.filter((request) => request.status === 429).length;
        expect(throttled).toBeGreaterThan(300 * rate);
        expect(sleeps.delays).toHaveLength(throttled);
        expect(sleeps.delays.filter((delay) => !(delay >= 10 && delay <= 12.5))).toEqual([]);
      } finally {
        await emulator.close();
      }
    },
    60_000,
  );
});
