import { type AnsweringServer, answerWith, startAnsweringServer } from "test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, runCli, startEmulator } from "./helpers";

// A server that answers every create with an `aborted` prediction at once, for the shape of the output.
let server: AnsweringServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ABORTED = {
  id: "abortedabortedabortedabort",
  model: "owner/model",
  version: "v1",
  status: "aborted",
  input: {},
  output: null,
  error: null,
  logs: null,
  created_at: "2026-01-01T00:00:00Z",
  started_at: null,
  completed_at: "2026-01-01T00:00:05Z",
  urls: { get: "http://x.test/p", cancel: "http://x.test/c" },
};

async function abortingServer(): Promise<AnsweringServer> {
  server = await startAnsweringServer((request, response) =>
    request.method === "POST"
      ? answerWith(response, 201, ABORTED)
      : answerWith(response, 200, { ...ABORTED, status: "aborted" }),
  );
  return server;
}

describe("a prediction that ends aborted", () => {
  it("dashscope run --cancel-after: the deadline comes before it starts, printed, exit 1", async () => {
    // A manual clock, at a time scale where hello-world takes 10 s to start: the 5 s deadline comes first.
    const emulated = await startEmulator({ clock: "manual", timeScale: 100 });
    const requests = emulated.emulator.requests;
    const running = runCli(
      ["run", "dashscope/hello-world", "text=a", "--cancel-after", "5s", "--no-progress"],
      {
        server: emulated,
      },
    );
    await eventually(async () => requests.some((request) => request.method === "POST"));
    await emulated.emulator.advance(5000);
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/prediction \S+ aborted\n/);
    expect(result.stderr).toMatch(
      /dashscope: prediction \S+ was aborted: its deadline came before it started/,
    );
    expect(requests.find((request) => request.method === "POST")?.headers["cancel-after"]).toBe("5s");
  });

  it("dashscope run prints it like the other terminal statuses and exits 1", async () => {
    const { origin, requests } = await abortingServer();
    const result = await runCli(["run", "owner/model", "--cancel-after", "5s", "--no-progress"], {
      env: { DASHSCOPE_BASE_URL: `${origin}/v1`, DASHSCOPE_API_TOKEN: "test-token" },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`prediction ${ABORTED.id} aborted`);
    expect(result.stderr).toContain(
      `dashscope: prediction ${ABORTED.id} was aborted: its deadline came before it started`,
    );
    expect(requests[0]?.headers["cancel-after"]).toBe("5s");
  });

  it("dashscope stream --cancel-after: the stream ends with done, reason aborted, printed, exit 1", async () => {
    const emulated = await startEmulator({ clock: "manual", timeScale: 100 });
    const requests = emulated.emulator.requests;
    const running = runCli(["stream", "dashscope/echo-stream", "prompt=a b", "--cancel-after", "5s"], {
      server: emulated,
    });
    await eventually(async () => requests.some((request) => request.path.startsWith("/streams/")));
    await emulated.emulator.advance(5000);
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("dashscope: the prediction was aborted: its deadline came first");
  });

  it("dashscope run --json prints the final prediction too", async () => {
    const { origin } = await abortingServer();
    const result = await runCli(["run", "owner/model", "--json"], {
      env: { DASHSCOPE_BASE_URL: `${origin}/v1`, DASHSCOPE_API_TOKEN: "test-token" },
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: ABORTED.id, status: "aborted" });
  });

  it("dashscope run --cancel-after refuses a deadline under 5 s as a usage error, sending nothing", async () => {
    const emulated = await startEmulator();
    const result = await runCli(["run", "dashscope/hello-world", "text=a", "--cancel-after", "4s"], {
      server: emulated,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cancelAfter");
    expect(emulated.emulator.requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });
});
