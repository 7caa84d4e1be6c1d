import { createEmulator, EMULATOR_TOKEN } from "@dashscope/emulator";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIo } from "./cli-io";
import { main } from "./main";

function collector(isTTY = false) {
  return {
    text: "",
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

const emulator = createEmulator({ timeScale: 0.01 });
afterEach(() => emulator.stats.reset());

async function runMain(argv: string[], env: Record<string, string> = {}) {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo = {
    stdout,
    stderr,
    env,
    cwd: process.cwd(),
    fetch: (input, init) => emulator.fetch(new Request(input, init)),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("main, in-process", () => {
  it("runs a command against any fetch, with the token from the environment", async () => {
    const result = await runMain(["run", "dashscope/hello-world", "text=in-process"], {
      DASHSCOPE_API_TOKEN: EMULATOR_TOKEN,
      DASHSCOPE_BASE_URL: "http://emulator.test/v1",
    });
    expect(result).toMatchObject({ code: 0, stdout: "hello in-process\n" });
  });

  it("prefers --token and --base-url over the environment", async () => {
    const result = await runMain(
      ["account", "--json", "--token", EMULATOR_TOKEN, "--base-url", "http://emulator.test/v1"],
      { DASHSCOPE_API_TOKEN: "wrong-token", DASHSCOPE_BASE_URL: "http://elsewhere.test/v1" },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ username: "dashscope" });
  });

  it("accepts options before the command, and a value that looks like a command", async () => {
    const result = await runMain([
      "--base-url",
      "http://emulator.test/v1",
      "--token",
      EMULATOR_TOKEN,
      "--json",
      "hardware",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({ name: "CPU", sku: "cpu" });
  });

  it("never prints the token, even when the server echoes it", async () => {
    const token = "leaky-token-1234";
    const io: CliIo = {
      stdout: collector(),
      stderr: collector(),
      env: { DASHSCOPE_API_TOKEN: token },
      cwd: process.cwd(),
      fetch: async () =>
        new Response(JSON.stringify({ title: "Nope", status: 500, detail: `bad token ${token}` }), {
          status: 500,
          headers: { "content-type": "application/problem+json" },
        }),
    };
    const code = await main(["account", "--base-url", "http://emulator.test/v1"], io);
    expect(code).toBe(3);
    const stderr = (io.stderr as ReturnType<typeof collector>).text;
    expect(stderr).toContain("bad token [redacted]");
    expect(stderr).not.toContain(token);
  });
});
