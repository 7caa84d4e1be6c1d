import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { defineModel } from "@dashscope/emulator";
import { describe, expect, it } from "vitest";
import { type CliResult, type Loose, runCli, scratchDirectory, startEmulator } from "./helpers";

// A token with the characters encodings treat differently: `/` (`\/` in JSON), `+` and `=` (`%2B`, `%3D`).
const TOKEN = "r8_Qx7vLm2/pZt9+Kw4Ys=Nd3Hb6Jc";

/** Every character as `\u00XX`, as a JSON encoder that escapes everything writes it. */
const jsonEscaped = (text: string) =>
  [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
/** Every character as `%XX`. */
const percentEncoded = (text: string) =>
  [...text].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("");

/** A server message that echoes the token three ways. */
const ECHO = `denied for ${TOKEN}; header "${jsonEscaped(TOKEN)}"; url ?token=${percentEncoded(TOKEN)}`;

/** What a reader could recover from `text`: escapes and percent-encoding undone. */
function decoded(text: string): string {
  return text
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\(.)/g, "$1");
}

/** No ten characters of the token together, in any encoding, anywhere in what the CLI printed. */
function expectNoToken(result: CliResult): void {
  const printed = decoded(result.stdout + result.stderr);
  for (let start = 0; start + 10 <= TOKEN.length; start++) {
    expect(printed, `shows ${TOKEN.slice(start, start + 10)}`).not.toContain(TOKEN.slice(start, start + 10));
  }
}

// Models whose error, logs and output echo the token, as a misbehaving model or proxy might.
const models = [
  defineModel({
    owner: "leaky",
    name: "fails",
    input: { type: "object", properties: { text: { type: "string" } } },
    run: async (_input, context) => {
      context.log(`loaded with ${TOKEN}`);
      context.log(`retrying ${percentEncoded(TOKEN)}`);
      throw new Error(ECHO);
    },
  }),
  defineModel({
    owner: "leaky",
    name: "echoes",
    input: { type: "object", properties: { text: { type: "string" } } },
    run: async (_input, context) => {
      context.log(`token ${TOKEN}`);
      return { echoed: ECHO, text: `${TOKEN} again` };
    },
  }),
  defineModel({
    owner: "leaky",
    name: "streams",
    input: { type: "object", properties: { fail: { type: "boolean" } } },
    async *run(input) {
      // The token cut across output events, so that no one event holds it whole.
      yield "before ";
      yield TOKEN.slice(0, 7);
      yield TOKEN.slice(7, 19);
      yield `${TOKEN.slice(19)} between `;
      yield jsonEscaped(TOKEN).slice(0, 40);
      yield `${jsonEscaped(TOKEN).slice(40)} after`;
      if (input.fail) throw new Error(ECHO);
    },
  }),
  defineModel({
    owner: "leaky",
    name: "documents",
    description: `a model for ${TOKEN}`,
    input: {
      type: "object",
      properties: { text: { type: "string", description: `pass ${TOKEN}`, default: percentEncoded(TOKEN) } },
    },
    run: () => "unused",
  }),
  defineModel({
    owner: "leaky",
    name: "trains",
    input: { type: "object" },
    run: () => "unused",
    train: async (_input, context) => {
      context.log(`uploading with ${TOKEN}`);
      throw new Error(ECHO);
    },
  }),
];

async function leakyServer() {
  return startEmulator({ tokens: [TOKEN], models });
}

/** Runs the CLI with the token from the environment, as most users pass it. */
function cli(args: string[], server: Awaited<ReturnType<typeof leakyServer>>, cwd?: string) {
  return runCli(args, { env: { DASHSCOPE_BASE_URL: server.url, DASHSCOPE_API_TOKEN: TOKEN }, cwd });
}

describe("the token never shows in what the CLI prints, whatever the server echoes", () => {
  it("run: a failed prediction's error, as a note and with --json (logs too)", async () => {
    const server = await leakyServer();
    const plain = await cli(["run", "leaky/fails", "text=x"], server);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/prediction [a-z2-7]{26} failed: denied for \[redacted\]; header/);
    expectNoToken(plain);
    const json = await cli(["run", "leaky/fails", "text=x", "--json"], server);
    expect(json.code).toBe(1);
    const prediction = JSON.parse(json.stdout) as Loose;
    expect(prediction).toMatchObject({ status: "failed", error: expect.stringContaining("[redacted]") });
    expect(prediction.logs).toContain("loaded with [redacted]");
    expectNoToken(json);
  });

  it("run: an output and logs that echo it, as text and with --json", async () => {
    const server = await leakyServer();
    const plain = await cli(["run", "leaky/echoes", "text=x"], server);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('"text": "[redacted] again"');
    expectNoToken(plain);
    const json = await cli(["run", "leaky/echoes", "text=x", "--json"], server);
    expect(JSON.parse(json.stdout).output.text).toBe("[redacted] again");
    expectNoToken(json);
  });

  it("the token passed with --token is redacted the same way", async () => {
    const server = await leakyServer();
    const result = await runCli(["run", "leaky/fails", "text=x", "--token", TOKEN, "--base-url", server.url]);
    expect(result.code).toBe(1);
    expectNoToken(result);
  });

  it("stream: output cut anywhere in the token, and the failure", async () => {
    const server = await leakyServer();
    const streamed = await cli(["stream", "leaky/streams"], server);
    expect(streamed).toMatchObject({ code: 0, stdout: "before [redacted] between [redacted] after\n" });
    const failed = await cli(["stream", "leaky/streams", "fail=true"], server);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("the prediction failed: denied for [redacted]");
    expectNoToken(failed);
    // With --json each event is printed as it came, each piece of a token blanked.
    const json = await cli(["stream", "leaky/streams", "fail=true", "--json"], server);
    expect(json.code).toBe(1);
    const events = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((event) => [event.event, event.data])).toEqual([
      ["output", "before "],
      ["output", "[redacted]"],
      ["output", ""],
      ["output", " between "],
      ["output", "[redacted]"],
      ["output", " after"],
    ]);
    expect(json.stderr).toContain("the prediction failed: denied for [redacted]");
    expectNoToken(json);
  });

  it("predictions get, list and cancel", async () => {
    const server = await leakyServer();
    const run = await cli(["run", "leaky/fails", "text=x", "--json"], server);
    const { id } = JSON.parse(run.stdout) as Loose;
    for (const args of [
      ["predictions", "get", id],
      ["predictions", "get", id, "--json"],
      ["predictions", "cancel", id],
      ["predictions", "list", "--json"],
    ]) {
      const result = await cli(args, server);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain("[redacted]");
      expectNoToken(result);
    }
  });

  it("trainings create --wait, get and list", async () => {
    const server = await leakyServer();
    const created = await cli(
      ["trainings", "create", "leaky/trains", "--destination", "leaky/trained", "--wait", "--json"],
      server,
    );
    expect(created.code).toBe(1);
    const training = JSON.parse(created.stdout) as Loose;
    expect(training.error).toContain("[redacted]");
    expect(created.stderr).toContain(`training ${training.id} failed: denied for [redacted]`);
    expectNoToken(created);
    for (const args of [
      ["trainings", "get", training.id],
      ["trainings", "get", training.id, "--json"],
      ["trainings", "list", "--json"],
    ]) {
      const result = await cli(args, server);
      expect(result.code, args.join(" ")).toBe(0);
      expectNoToken(result);
    }
  });

  it("models get and codegen: descriptions and defaults, on the terminal and in the written module", async () => {
    const server = await leakyServer();
    const shown = await cli(["models", "get", "leaky/documents"], server);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("a model for [redacted]");
    expectNoToken(shown);
    const printed = await cli(["codegen", "leaky/documents"], server);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("pass [redacted]");
    expectNoToken(printed);
    const cwd = await scratchDirectory();
    const written = await cli(["codegen", "leaky/documents", "--out", "models.ts"], server, cwd);
    expect(written.code).toBe(0);
    const module = await readFile(join(cwd, "models.ts"), "utf8");
    expect(module).toContain("pass [redacted]");
    expectNoToken({ code: 0, stdout: module, stderr: "" });
  });
});
