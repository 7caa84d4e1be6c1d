import { type AnsweringServer, answerWith, startAnsweringServer } from "test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, startEmulator } from "./helpers";

// The emulator does not end predictions `aborted` yet: a server that answers every create with one.
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
