import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importCircles } from "./import-circles.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("import circles", () => {
  it("the repository has none: every import points one floor down", async () => {
    const circles = await importCircles(
      ["packages", "tests", "bench", "examples"].map((directory) => join(root, directory)),
      join(root, "tsconfig.base.json"),
    );
    expect(circles).toEqual([]);
  }, 120_000); // madge parses every source file of the repository

  const scratch = mkdtemp(join(tmpdir(), "circles-"));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  it("a circle of type-only imports is found", async () => {
    const directory = await scratch;
    await writeFile(
      join(directory, "client.ts"),
      'import type { Strategy } from "./strategy";\nexport interface Client { strategy: Strategy }\n',
    );
    await writeFile(
      join(directory, "strategy.ts"),
      'import type { Client } from "./client";\nexport type Strategy = (client: Client) => void;\n',
    );
    await writeFile(
      join(directory, "leaf.ts"),
      'import type { Client } from "./client";\nexport const leaf = (client: Client) => client;\n',
    );
    expect(await importCircles([directory])).toEqual([["client.ts", "strategy.ts"]]);
  });
});
