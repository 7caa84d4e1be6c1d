import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateModelTypes } from "../src/generate-model-types";
import { compileTypeScript } from "./compile-typescript";
import { type Loose, runCli, scratchDirectory, startEmulator } from "./helpers";
import { REAL_WORLD_MODELS } from "./real-world-schemas";

const VERSION_ID = /[0-9a-f]{64}/g;

describe("generateModelTypes", () => {
  it("writes interfaces, outputs and ModelRefs for real-world-shaped schemas", () => {
    const code = generateModelTypes(REAL_WORLD_MODELS);
    expect(code).toMatchSnapshot();
    const usage = `
import Dashscope from "dashscope";
import { sdxl, metaLlama38bInstruct, whisper, type WhisperOutput, model2OddSchemas } from "./models";

const dashscope = new Dashscope({ auth: "unused" });
export async function use(): Promise<void> {
  const images: string[] = await dashscope.run(sdxl, { input: { prompt: "a", scheduler: "K_EULER", width: 512 } });
  // @ts-expect-error: not one of the scheduler's values
  await dashscope.run(sdxl, { input: { scheduler: "EULER" } });
  const tokens: string[] = await dashscope.run(metaLlama38bInstruct, { input: { prompt: "hi", stop_sequences: null } });
  // @ts-expect-error: prompt is required
  await dashscope.run(metaLlama38bInstruct, { input: { max_tokens: 10 } });
  const transcript: WhisperOutput = await dashscope.run(whisper, { input: { audio: "https://x.test/a.mp3" } });
  const language: string | null | undefined = transcript.detected_language;
  const start: number | undefined = transcript.segments[0]?.start;
  const url: string | null | undefined = transcript.srt_file;
  await dashscope.run(model2OddSchemas, { input: { "not-an-identifier": "x", level: 2, options: { depth: 1 }, labels: { a: "b" } } });
  // @ts-expect-error: an enum of numbers
  await dashscope.run(model2OddSchemas, { input: { level: 4 } });
  console.log(images, tokens, language, start, url);
}
`;
    expect(compileTypeScript({ "models.ts": code, "use.ts": usage })).toEqual([]);
  });

  it("names models apart when their names clash, and keeps names out of reserved words", () => {
    const schema = { components: { schemas: {} } };
    const code = generateModelTypes([
      { owner: "one", name: "upscale", version: "1", openapiSchema: schema },
      { owner: "two", name: "upscale", version: "2", openapiSchema: schema },
      { owner: "two", name: "upscale", version: "3", openapiSchema: schema },
      { owner: "x", name: "delete", version: "4", openapiSchema: schema },
    ]);
    expect(code.match(/^export const \w+ = "[^"]+"/gm)).toEqual([
      'export const oneUpscale = "one/upscale:1"',
      'export const twoUpscale = "two/upscale:2"',
      'export const twoUpscale2 = "two/upscale:3"',
      'export const deleteModel = "x/delete:4"',
    ]);
    expect(compileTypeScript({ "models.ts": code })).toEqual([]);
  });

  it("never throws on schemas it cannot read, and what it writes still compiles", () => {
    const documents: [string, unknown][] = [
      ["null", null],
      ["a number", 42],
      ["no components", {}],
      ["schemas that are not objects", { components: { schemas: { Input: [], Output: 7 } } }],
      [
        "an Input that is not an object",
        { components: { schemas: { Input: { type: "string" }, Output: true } } },
      ],
      [
        "a $ref outside the document",
        { components: { schemas: { Output: { $ref: "https://x.test/s.json" } } } },
      ],
    ];
    // One compile for all of them: each compile costs seconds.
    const modules: Record<string, string> = {};
    documents.forEach(([label, openapiSchema], index) => {
      const code = generateModelTypes([{ owner: "o", name: "n", version: "v", openapiSchema }]);
      expect(code, label).toContain('export const n = "o/n:v" as ModelRef<NInput, NOutput>;');
      modules[`models-${index}.ts`] = code;
    });
    expect(compileTypeScript(modules)).toEqual([]);
  });

  it("imports ModelRef from the package asked for", () => {
    const code = generateModelTypes(REAL_WORLD_MODELS.slice(0, 1), { importFrom: "@dashscope/predictions" });
    expect(code).toContain('import type { ModelRef } from "@dashscope/predictions";');
  });
});

describe("dashscope codegen", () => {
  it("writes the types of the emulator's models, pinned to their latest versions, that compile", async () => {
    const server = await startEmulator();
    const page = await server.api("/models");
    const names: string[] = page.results.map((model: Loose) => `${model.owner}/${model.name}`);
    expect(names).toContain("dashscope/hello-world");
    const result = await runCli(["codegen", ...names], { server });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const hello = await server.api("/models/dashscope/hello-world");
    expect(result.stdout).toContain(
      `export const helloWorld = "dashscope/hello-world:${hello.latest_version.id}" as ModelRef<HelloWorldInput, HelloWorldOutput>;`,
    );
    expect(result.stdout.replace(VERSION_ID, "<version>")).toMatchSnapshot();
    const usage = `
import Dashscope from "dashscope";
import { helloWorld, type HelloWorldOutput } from "./models";

const dashscope = new Dashscope();
export async function use(): Promise<HelloWorldOutput> {
  // @ts-expect-error: misspelt input
  await dashscope.run(helloWorld, { input: { txt: "x" } });
  const out = await dashscope.run(helloWorld, { input: { text: "x" } });
  const text: string = out;
  return text;
}
`;
    expect(compileTypeScript({ "models.ts": result.stdout, "use.ts": usage })).toEqual([]);
  });

  it("pins the version given, writes --out and imports from --import-from", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const hello = await server.api("/models/dashscope/hello-world");
    const reference = `dashscope/hello-world:${hello.latest_version.id}`;
    const result = await runCli(
      ["codegen", reference, "--out", "models.ts", "--import-from", "@dashscope/predictions"],
      { server, cwd },
    );
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toBe(`wrote models.ts: ${reference}\n`);
    const code = await readFile(join(cwd, "models.ts"), "utf8");
    expect(code).toContain('import type { ModelRef } from "@dashscope/predictions";');
    expect(code).toContain(`"${reference}" as ModelRef<HelloWorldInput, HelloWorldOutput>`);
    // The version given is fetched itself, after the one request this test made.
    expect(
      server.emulator.stats.requests.slice(1).map((request) => `${request.method} ${request.path}`),
    ).toEqual([`GET /models/dashscope/hello-world/versions/${hello.latest_version.id}`]);
  });

  it("prints JSON with --json", async () => {
    const server = await startEmulator();
    const result = await runCli(["codegen", "dashscope/hello-world", "--json"], { server });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.models).toEqual([expect.stringMatching(/^dashscope\/hello-world:[0-9a-f]{64}$/)]);
    expect(answer.code).toContain("export interface HelloWorldInput");
  });

  it.each([
    [["codegen"], '"dashscope codegen" needs <owner/name[:version]>'],
    [["codegen", "hello-world"], '"hello-world" is not a model'],
    [["codegen", "dashscope/hello-world", "--out", ""], "--out: expected a file name"],
  ])("exits 2 for dashscope %j, before anything is sent", async (args, message) => {
    const server = await startEmulator();
    const result = await runCli(args, { server });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain(message);
    expect(server.emulator.stats.requests).toHaveLength(0);
  });

  it("exits 3 for a model that does not exist, writing nothing", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const result = await runCli(["codegen", "dashscope/no-such-model", "--out", "models.ts"], {
      server,
      cwd,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the API answered 404");
    await expect(readFile(join(cwd, "models.ts"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
