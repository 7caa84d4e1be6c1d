import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

const entry = { index: "src/index.ts", run: "src/run/index.ts" };

/**
 * The CommonJS `run.js`: the lifecycle's names taken from the main entry's module (which re-exports
 * them), so that `require` of either entry hands out the same classes. Its names are the ESM entry's.
 */
async function writeCommonJsRunEntry(): Promise<void> {
  const names = Object.keys(await import(pathToFileURL(resolve("dist/run.mjs")).href));
  const lines = names.map((name) => `exports.${name} = core.${name};`);
  await writeFile("dist/run.js", `"use strict";\nconst core = require("./index.js");\n${lines.join("\n")}\n`);
}

// Two entries, the transport and the prediction lifecycle (`@dashscope/core/run`), and both must hand
// out one copy of each class, or `instanceof` would fail between them.
// - ESM, for bundlers and Node's `import`: both entries over shared chunks, so a bundle takes only what
//   it imports.
// - CommonJS, for `require`: one file, since code-split CommonJS comes out down-levelled (`?.` turned into
//   helper calls) and in more files to resolve and read; `run.js` picks its names from it.
export default defineConfig([
  packageBuild(process.cwd(), { entry, format: ["esm"], splitting: true, onSuccess: writeCommonJsRunEntry }),
  packageBuild(process.cwd(), {
    entry: { index: entry.index },
    format: ["cjs"],
    dts: { entry },
    clean: false,
  }),
]);
