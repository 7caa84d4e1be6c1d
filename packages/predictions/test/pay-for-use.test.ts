import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// What a browser bundle of `createClient` + `run` carries, bundled from the sources as a size-sensitive
// page would bundle the packages: file-input encoding and `FileOutput` are opt-in imports, so a page
// that does not import them must not pay for them.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ALIASES = {
  "@dashscope/core/run": source("../../core/src/run/index.ts"),
  "@dashscope/core": source("../../core/src/index.ts"),
  "@dashscope/predictions": source("../src/index.ts"),
};
// Strings only that code holds: the data-URI encoder's prefix, and FileOutput's download messages.
const DATA_URI_ENCODER = ";base64,";
const FILE_OUTPUT = "Downloading the file output";

async function bundle(entry: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: source("."), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    alias: ALIASES,
    define: { __VERSION__: '"0.0.0"' },
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

describe("a bundle pays only for what it imports", () => {
  it("createClient + run carries neither file-input encoding nor FileOutput", async () => {
    const code = await bundle(`
      import { createClient } from "@dashscope/core";
      import { run } from "@dashscope/predictions";
      globalThis.used = [createClient, run];
    `);
    expect(code).toContain("idempotency-key"); // the bundle did take the run path
    expect(code).not.toContain(DATA_URI_ENCODER);
    expect(code).not.toContain(FILE_OUTPUT);
  });

  it("carries them once they are imported", async () => {
    const code = await bundle(`
      import { createClient, dataUriEncoder, toFileOutputs } from "@dashscope/core";
      import { run } from "@dashscope/predictions";
      globalThis.used = [createClient, run, dataUriEncoder, toFileOutputs];
    `);
    expect(code).toContain(DATA_URI_ENCODER);
    expect(code).toContain(FILE_OUTPUT);
  });
});
