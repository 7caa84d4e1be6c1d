import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EMULATOR_TOKEN } from "@dashscope/emulator";
import type { Prediction } from "dashscope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";

const SCENARIOS = fileURLToPath(new URL("./fixtures/abort-scenarios.mjs", import.meta.url));
// Far above what the scenarios need: a child still alive then has something keeping it alive.
const EXIT_BOUND_MILLISECONDS = 30_000;

interface ScenarioResult {
  name: string;
  outcome: string;
  isAbortError?: boolean;
  message?: string;
}

interface ChildReport {
  results: ScenarioResult[];
  activeResources: string[];
}

interface ChildExit {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed at the bound: something kept it alive. */
  killed: boolean;
}

let longPolling: TestEmulator;
let polling: TestEmulator;
let report: ChildReport;
let exit: ChildExit;

/** Runs the scenarios in a separate `node`, which must exit by itself within the bound. */
function runScenarios(): Promise<ChildExit> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [SCENARIOS, JSON.stringify({ url: longPolling.url, pollingUrl: polling.url, token: EMULATOR_TOKEN })],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const bound = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, EXIT_BOUND_MILLISECONDS);
    child.on("exit", (code, signal) => {
      clearTimeout(bound);
      resolve({ stdout, code, signal, killed, stderr });
    });
  });
}

/** The predictions whose `message` (sleep) or `prompt` (echo-stream) input starts with `marker`. */
async function predictionsWith(server: TestEmulator, marker: string): Promise<Prediction[]> {
  const dashscope = server.client();
  const found: Prediction[] = [];
  for await (const page of dashscope.paginate(dashscope.predictions.list)) {
    found.push(
      ...page.filter((prediction) =>
        String(prediction.input.message ?? prediction.input.prompt ?? "").startsWith(marker),
      ),
    );
  }
  return found;
}

function resultOf(name: string): ScenarioResult {
  const result = report.results.find((each) => each.name === name);
  if (!result) throw new Error(`the child reported no scenario "${name}"`);
  return result;
}

beforeAll(async () => {
  longPolling = await startEmulator();
  polling = await startEmulator({ longPoll: false });
  // The first sleep create (the backoff scenario's) gets a 503, so the client waits before retrying.
  longPolling.emulator.injectFault({ kind: "503", match: "POST /models/dashscope/sleep/predictions" });
  const child = await runScenarios();
  exit = child;
  report = JSON.parse(child.stdout.trim().split("\n").at(-1) || "{}") as ChildReport;
  console.log(`aborts: ${report.results?.map((result) => `${result.name} → ${result.outcome}`).join("; ")}`);
}, EXIT_BOUND_MILLISECONDS + 10_000);

afterAll(async () => {
  await longPolling.close();
  await polling.close();
});

describe("aborting at every stage", () => {
  it("leaves nothing behind: the process exits by itself, with no timer, listener or socket", () => {
    expect(exit.killed, `still running after ${EXIT_BOUND_MILLISECONDS} ms; stderr: ${exit.stderr}`).toBe(
      false,
    );
    expect(exit.code, exit.stderr).toBe(0);
    // A Timeout or TCPSocketWrap still there a second after the last call is a leak.
    expect(report.activeResources).toEqual([]);
  });

  it.each([
    "before the request",
    "during a backoff wait",
    "during the create",
    "during a long poll",
    "between polls",
    "during a stream",
    "during wait",
  ])("rejects with an AbortError %s", (name) => {
    expect(resultOf(name)).toMatchObject({ outcome: "AbortError", isAbortError: true });
  });

  it("breaking out of a stream ends it quietly", () => {
    expect(resultOf("breaking out of a stream").outcome).toBe("resolved");
  });

  it("sends nothing when the signal is aborted before the call", async () => {
    expect(await predictionsWith(longPolling, "abort-before")).toEqual([]);
  });

  it("stops a backoff wait at once: no create follows the 503, so nothing is made", async () => {
    const { requests } = longPolling.emulator.stats;
    const faulted = requests.find((request) => request.fault === "503");
    expect(faulted?.idempotencyKey).toBeTruthy();
    // The server answered and made nothing: neither the retry nor a repeat to learn a prediction is sent.
    const sameKey = requests.filter((request) => request.idempotencyKey === faulted?.idempotencyKey);
    expect(sameKey).toHaveLength(1);
    expect(await predictionsWith(longPolling, "abort-backoff")).toEqual([]);
  });

  it.each([
    ["during the create", "abort-create", () => longPolling],
    ["during a long poll", "abort-long-poll", () => longPolling],
    ["between polls", "abort-between-polls", () => polling],
    ["during a stream", "abort-stream-0 ", () => longPolling],
  ] as const)("cancels the prediction on the server when aborted %s", async (_name, message, server) => {
    const predictions = await predictionsWith(server(), message);
    expect(predictions.map((prediction) => prediction.status)).toEqual(["canceled"]);
  });
});
