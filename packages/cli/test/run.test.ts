import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defineModel } from "@dashscope/emulator";
import { describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, type Loose, runCli, scratchDirectory, spawnCli, startEmulator } from "./helpers";

describe("dashscope run", () => {
  it("prints hello Alice with --base-url and --token (end to end: node dist/cli.js)", async () => {
    const server = await startEmulator();
    const { exited } = spawnCli([
      "run",
      "dashscope/hello-world",
      "text=Alice",
      "--base-url",
      server.url,
      "--token",
      EMULATOR_TOKEN,
    ]);
    const result = await exited;
    expect(result).toMatchObject({ code: 0, stdout: "hello Alice\n" });
    // Off a terminal: plain status lines on stderr, never on stdout.
    expect(result.stderr).toMatch(/^prediction [a-z2-7]{26} starting$/m);
    expect(result.stderr).toMatch(/^prediction [a-z2-7]{26} succeeded$/m);
  });

  it("reads the token and base URL from DASHSCOPE_API_TOKEN and DASHSCOPE_BASE_URL", async () => {
    const server = await startEmulator();
    const result = await runCli(["run", "dashscope/hello-world", "text=Bob"], { server });
    expect(result).toMatchObject({ code: 0, stdout: "hello Bob\n" });
  });

  it("prints the final prediction with --json", async () => {
    const server = await startEmulator();
    const result = await runCli(["run", "dashscope/hello-world", "text=Alice", "--json"], { server });
    expect(result.code).toBe(0);
    const prediction = JSON.parse(result.stdout) as Loose;
    expect(prediction).toMatchObject({
      model: "dashscope/hello-world",
      status: "succeeded",
      input: { text: "Alice" },
      output: "hello Alice",
    });
    expect(prediction.files).toBeUndefined();
  });

  it("coerces key=value pairs by the version's schema (integers, numbers, booleans)", async () => {
    const server = await startEmulator();
    const gradient = await runCli(["run", "dashscope/gradient", "width=12", "height=7", "--json"], {
      server,
      cwd: await scratchDirectory(),
    });
    expect(JSON.parse(gradient.stdout).input).toEqual({ width: 12, height: 7 });
    const sleep = await runCli(["run", "dashscope/sleep", "seconds=0.5", "fail=false", "--json"], { server });
    expect(sleep.code).toBe(0);
    expect(JSON.parse(sleep.stdout)).toMatchObject({
      input: { seconds: 0.5, fail: false },
      output: "slept 0.5",
    });
  });

  it("runs a given version, owner/name:version", async () => {
    const server = await startEmulator();
    const model = await server.api("/models/dashscope/hello-world");
    const reference = `dashscope/hello-world:${model.latest_version.id}`;
    const result = await runCli(["run", reference, "text=V", "--json"], { server });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: model.latest_version.id, output: "hello V" });
  });

  it("downloads URL outputs into ./outputs and prints their paths", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const first = await runCli(["run", "dashscope/gradient", "width=8", "height=4"], { server, cwd });
    expect(first).toMatchObject({ code: 0, stdout: `${join("outputs", "out-0.png")}\n` });
    const png = await readFile(join(cwd, "outputs", "out-0.png"));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // A second run never overwrites the first one's file.
    const second = await runCli(["run", "dashscope/gradient", "width=8", "height=4"], { server, cwd });
    expect(second.stdout).toBe(`${join("outputs", "out-0-1.png")}\n`);
  });

  it("saves into --output-dir and lists the files in --json", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const result = await runCli(
      ["run", "dashscope/gradient", "width=8", "height=8", "--output-dir", "images", "--json"],
      { server, cwd },
    );
    expect(result.code).toBe(0);
    const prediction = JSON.parse(result.stdout) as Loose;
    expect(prediction.files).toEqual([{ url: prediction.output[0], path: join("images", "out-0.png") }]);
    const saved = await readFile(join(cwd, "images", "out-0.png"));
    const served = Buffer.from(await (await fetch(prediction.output[0])).arrayBuffer());
    expect(saved.equals(served)).toBe(true);
  });

  it("sends key=@path as a file input", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const bytes = Buffer.from("not really a picture, but bytes all the same");
    await writeFile(join(cwd, "photo.png"), bytes);
    const result = await runCli(["run", "dashscope/image-info", "image=@photo.png", "--json"], {
      server,
      cwd,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).output).toEqual({
      content_type: "image/png",
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  });

  it("uploads file inputs above 10 MB through the files API instead of data URIs", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const bytes = Buffer.alloc(11 * 1024 * 1024, 7);
    await writeFile(join(cwd, "big.bin"), bytes);
    const result = await runCli(["run", "dashscope/image-info", "image=@big.bin", "--json"], { server, cwd });
    expect(result.code).toBe(0);
    const prediction = JSON.parse(result.stdout) as Loose;
    expect(prediction.input.image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/delivery\//);
    expect(prediction.output).toMatchObject({
      bytes: bytes.length,
      content_type: "application/octet-stream",
    });
    expect(server.emulator.stats.filesCreated).toBe(1);
  });

  it("prints an object output as JSON", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    await writeFile(join(cwd, "notes.txt"), "hello");
    const result = await runCli(["run", "dashscope/image-info", "image=@notes.txt"], { server, cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ content_type: "text/plain", bytes: 5 });
  });

  it("exits 1 with the prediction's error when it fails", async () => {
    const server = await startEmulator();
    const result = await runCli(
      ["run", "dashscope/sleep", "seconds=0", "fail=true", "message=out of cheese"],
      {
        server,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/prediction [a-z2-7]{26} failed: out of cheese/);
  });

  it("exits 1 and prints the failed prediction with --json", async () => {
    const server = await startEmulator();
    const result = await runCli(["run", "dashscope/sleep", "seconds=0", "fail=true", "--json"], { server });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "failed", error: "failed as asked" });
  });

  // Names every plain object inherits, and the one that names its prototype.
  const INHERITED_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"];

  it("sends inputs named like Object.prototype's members as ordinary inputs, each an own field", async () => {
    const echo = defineModel({
      owner: "me",
      name: "echo-names",
      input: {
        type: "object",
        properties: Object.fromEntries(INHERITED_NAMES.map((name) => [name, { type: "integer" }])),
      },
      run: (input) => Object.keys(input).join(","),
    });
    const server = await startEmulator({ models: [echo] });
    const args = INHERITED_NAMES.map((name, index) => `${name}=${index}`);
    const result = await runCli(["run", "me/echo-names", ...args, "--json"], { server });
    expect(result.stderr).not.toContain("dashscope:");
    expect(result.code).toBe(0);
    const prediction = JSON.parse(result.stdout) as Loose;
    expect(Object.keys(prediction.input)).toEqual(INHERITED_NAMES);
    expect(
      INHERITED_NAMES.map((name) => Object.getOwnPropertyDescriptor(prediction.input, name)?.value),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(prediction.output).toBe(INHERITED_NAMES.join(","));
  });

  it.each(INHERITED_NAMES)(
    "refuses %s=1 for a model without that input, as any unknown name",
    async (name) => {
      const server = await startEmulator();
      const result = await runCli(["run", "dashscope/hello-world", `${name}=1`], { server });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${name}=1: dashscope/hello-world has no input "${name}"`);
      expect(server.emulator.stats.predictionsCreated).toBe(0);
    },
  );
});
