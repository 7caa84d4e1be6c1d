import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMULATOR_TOKEN, type Emulator, type EmulatorOptions } from "@dashscope/emulator";
import { startEmulator as startSharedEmulator } from "test-helpers";
import { afterEach, beforeAll } from "vitest";
import type { CliIo, OutputStream } from "../src/cli-io";
import { main } from "../src/main";

export const packageDirectory = fileURLToPath(new URL("..", import.meta.url));
export const cliPath = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

export interface TestServer {
  emulator: Emulator;
  url: string;
  /** GETs an API path (or POSTs `body` as JSON) with the emulator's token, answering the parsed JSON. */
  api<T = Loose>(path: string, body?: unknown): Promise<T>;
}

/** The shared test emulator, seeded so that ids repeat, closed after the test. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestServer> {
  const { emulator, url, close } = await startSharedEmulator({ seed: 1, ...options });
  cleanups.push(close);
  return {
    emulator,
    url,
    async api(path, body) {
      const response = await fetch(`${url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${EMULATOR_TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json();
    },
  };
}

/** A scratch directory, removed after the test: the CLI's working directory. */
export async function scratchDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "dashscope-cli-"));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/** The environment without the developer's own Dashscope settings, plus `extra`. */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  delete environment.DASHSCOPE_API_TOKEN;
  delete environment.DASHSCOPE_BASE_URL;
  return { ...environment, ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The emulator to talk to: sets DASHSCOPE_BASE_URL and DASHSCOPE_API_TOKEN. */
  server?: TestServer;
  env?: Record<string, string>;
  cwd?: string;
}

function environmentFor(options: CliOptions): NodeJS.ProcessEnv {
  const fromServer: Record<string, string> = options.server
    ? { DASHSCOPE_BASE_URL: options.server.url, DASHSCOPE_API_TOKEN: EMULATOR_TOKEN }
    : {};
  return cleanEnvironment({ ...fromServer, ...options.env });
}

/**
 * Starts `node dist/cli.js ...args`; the caller waits for it (or signals it). Only the few end-to-end
 * tests spawn (signals, a terminal, the process's own exit); the package's turbo `test` task builds
 * `dist` first, and no test builds it.
 */
export function spawnCli(args: string[], options: CliOptions = {}) {
  if (!existsSync(cliPath)) {
    throw new Error(`${cliPath} is missing: build the package first (turbo's test task does)`);
  }
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? packageDirectory,
    env: environmentFor(options),
  });
  const result: CliResult = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => {
    result.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    result.stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve) => {
    child.on("close", (code) => resolve({ ...result, code }));
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, result, exited };
}

/** A stream that keeps what is written, off a terminal. */
function collector(): OutputStream & { text: string } {
  return {
    text: "",
    isTTY: false,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/**
 * Runs `dashscope ...args` in this process, through `main(argv, io)`, to the end: the same command
 * line, environment and working directory a spawned CLI would get, with real HTTP to the emulator.
 */
export async function runCli(
  args: string[],
  options: CliOptions & { signal?: AbortSignal } = {},
): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo = {
    stdout,
    stderr,
    env: environmentFor(options),
    cwd: options.cwd ?? packageDirectory,
    signal: options.signal,
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Polls `check` every 20 ms, at most `attempts` times, until it answers something truthy. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  attempts = 250,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still not true after ${attempts} attempts`);
}

/** Answers read loosely: tests reach into them and leave the checking to their assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type Loose = any;

export { EMULATOR_TOKEN };
