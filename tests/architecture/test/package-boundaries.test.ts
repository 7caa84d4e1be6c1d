import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { moduleImports } from "./module-imports";
import { areaImportViolations, coreImportViolations, emulatorImportViolations } from "./package-boundaries";

const packages = fileURLToPath(new URL("../../../packages", import.meta.url));

const scratch = mkdtemp(join(tmpdir(), "boundaries-"));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

/** A `packages/` folder with the given files, and an empty `src/` for every other package. */
async function workspace(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(await scratch, "packages-"));
  const folders = [
    "core",
    "predictions",
    "models",
    "trainings",
    "deployments",
    "stream",
    "files",
    "webhooks",
  ];
  for (const folder of [...folders, "emulator"])
    await mkdir(join(directory, folder, "src"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  return directory;
}

describe("package boundaries", () => {
  it("area packages import no other area at run time (stream → predictions the one exception)", async () => {
    expect(await areaImportViolations(packages)).toEqual([]);
    // The check reads the real sources: the exception it allows is there.
    expect(await moduleImports(join(packages, "stream/src"))).toContainEqual(
      expect.objectContaining({ specifier: "@dashscope/predictions", typeOnly: false }),
    );
  });

  it("core imports none of the packages built on it", async () => {
    expect(await coreImportViolations(packages)).toEqual([]);
  });

  it("the emulator imports nothing from the client packages", async () => {
    expect(await emulatorImportViolations(packages)).toEqual([]);
  });
});

describe("the boundary checks", () => {
  it("find an area's run-time import of another area, and of a file outside its folder", async () => {
    const directory = await workspace({
      "models/src/list.ts": [
        'import { createPrediction } from "@dashscope/predictions";',
        'import type { Prediction } from "@dashscope/predictions";',
        'import { type Training } from "@dashscope/trainings";',
        'import { request } from "@dashscope/core";',
        'import { paginate } from "../../core/src/paginate";',
        'export const lazy = () => import("@dashscope/files");',
      ].join("\n"),
      "stream/src/stream.ts": 'import { createPrediction } from "@dashscope/predictions";\n',
      "models/src/list.test.ts": 'import { createTraining } from "@dashscope/trainings";\n',
    });
    expect(await areaImportViolations(directory)).toEqual([
      "models/src/list.ts imports @dashscope/predictions",
      "models/src/list.ts imports ../../core/src/paginate",
      "models/src/list.ts imports @dashscope/files",
    ]);
  });

  it("find core importing an area, even for types", async () => {
    const directory = await workspace({
      "core/src/client.ts": 'import type { Prediction } from "@dashscope/predictions";\n',
    });
    expect(await coreImportViolations(directory)).toEqual([
      "core/src/client.ts imports @dashscope/predictions (types)",
    ]);
  });

  it("find the emulator importing a client package, even for types", async () => {
    const directory = await workspace({
      "emulator/src/state.ts": [
        'import type { Prediction } from "@dashscope/core/run";',
        'export type { Dashscope } from "dashscope";',
        'import { createHash } from "node:crypto";',
        'import { HttpProblem } from "./http-problem";',
        'import { validateWebhook } from "../../webhooks/src/validate-webhook";',
      ].join("\n"),
    });
    expect(await emulatorImportViolations(directory)).toEqual([
      "emulator/src/state.ts imports @dashscope/core/run (types)",
      "emulator/src/state.ts imports dashscope (types)",
      "emulator/src/state.ts imports ../../webhooks/src/validate-webhook",
    ]);
  });

  it('reads `import()`, `require()` and `import("…")` types, and tells type-only imports apart', async () => {
    const directory = await workspace({
      "core/src/a.ts": [
        'import "./side-effect";',
        'import { type A, b } from "./b";',
        'export { type C } from "./c";',
        'const d = require("./d");',
        'type E = import("./e").E;',
      ].join("\n"),
    });
    expect(await moduleImports(join(directory, "core/src"))).toEqual([
      { file: "a.ts", specifier: "./side-effect", typeOnly: false },
      { file: "a.ts", specifier: "./b", typeOnly: false },
      { file: "a.ts", specifier: "./c", typeOnly: true },
      { file: "a.ts", specifier: "./d", typeOnly: false },
      { file: "a.ts", specifier: "./e", typeOnly: true },
    ]);
  });
});
