import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const packageDirectory = fileURLToPath(new URL("..", import.meta.url));
const cliPath = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const fixturePath = fileURLToPath(new URL("./fixtures/models.mjs", import.meta.url));

beforeAll(() => {
  // The package's turbo task builds before testing; a bare `vitest run` in a fresh clone builds here.
  if (!existsSync(cliPath))
    execFileSync("pnpm", ["run", "build"], { cwd: packageDirectory, stdio: "ignore" });
}, 60_000);

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the base URL the CLI prints, once it prints it. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+\/v1)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the CLI exited (${code}) before listening: ${output}`)));
  });
}

describe("dashscope-emulator CLI", () => {
  it("starts on a free port, answers, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [
      cliPath,
      "--port",
      "0",
      "--time-scale",
      "0.01",
      "--token",
      "cli-token",
    ]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await waitForUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const account = await fetch(`${url}/account`, { headers: { authorization: "Bearer cli-token" } });
      expect(account.status).toBe(200);
      const unauthorized = await fetch(`${url}/account`, {
        headers: { authorization: "Bearer emulator-token" },
      });
      expect(unauthorized.status).toBe(401);
      const prediction = await fetch(`${url}/models/dashscope/hello-world/predictions`, {
        method: "POST",
        headers: { authorization: "Bearer cli-token", prefer: "wait" },
        body: JSON.stringify({ input: { text: "cli" } }),
      });
      expect(((await prediction.json()) as { output: string }).output).toBe("hello cli");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("serves the models of --models, without the built-in ones with --no-builtins", async () => {
    const child = spawn(process.execPath, [
      cliPath,
      "--port",
      "0",
      "--models",
      fixturePath,
      "--no-builtins",
      "--seed",
      "5",
      "--webhook-secret",
      "whsec_c2VjcmV0",
    ]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await waitForUrl(child);
      const headers = { authorization: "Bearer emulator-token", prefer: "wait" };
      const models = (await (await fetch(`${url}/models`, { headers })).json()) as {
        results: { name: string }[];
      };
      expect(models.results.map((model) => model.name)).toEqual(["shout"]);
      const prediction = await fetch(`${url}/models/fixture/shout/predictions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ input: { text: "cli" } }),
      });
      expect(((await prediction.json()) as { output: string }).output).toBe("CLI");
      const secret = await fetch(`${url}/webhooks/default/secret`, { headers });
      expect(await secret.json()).toEqual({ key: "whsec_c2VjcmV0" });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("prints help and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--time-scale");
  });

  it("refuses bad flags with a message and exit status 2", async () => {
    for (const args of [
      ["--bogus"],
      ["--port", "http"],
      ["--faults", "teapot=1"],
      ["--time-scale", "-1"],
      ["--webhook-secret", "plain"],
      ["--clock", "sundial"],
      ["--models", "./no-such-models.mjs"],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("dashscope-emulator:");
    }
  });
});
