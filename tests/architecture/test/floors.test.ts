import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CORE_FLOOR_EXCEPTIONS, CORE_FLOORS } from "./core-floors";
import { EMULATOR_FLOORS } from "./emulator-floors";
import { type Floor, floorOf, floorViolations } from "./floors";

const root = fileURLToPath(new URL("../../..", import.meta.url));

const scratch = mkdtemp(join(tmpdir(), "floors-"));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

async function sources(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(await scratch, "case-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  return directory;
}

const FLOORS: readonly Floor[] = [
  { name: "values", paths: ["names.ts"] },
  { name: "state", paths: ["state.ts", "routes/page.ts"] },
  { name: "routes", paths: ["routes/"] },
];

describe("the emulator's floors", () => {
  it("every import of packages/emulator/src points to the same floor or a lower one", async () => {
    expect(await floorViolations(join(root, "packages/emulator/src"), EMULATOR_FLOORS)).toEqual([]);
  }, 60_000);

  it("places each file once: no path sits on two floors", () => {
    const paths = EMULATOR_FLOORS.flatMap((floor) => floor.paths);
    expect(paths.filter((path, index) => paths.indexOf(path) !== index)).toEqual([]);
  });
});

describe("core's floors", () => {
  it("the transport does not import the lifecycle (run/), and neither imports the entry", async () => {
    expect(
      await floorViolations(join(root, "packages/core/src"), CORE_FLOORS, CORE_FLOOR_EXCEPTIONS),
    ).toEqual([]);
  }, 60_000);
});

describe("the floor check", () => {
  it("finds an upward import, a type-only one too", async () => {
    const directory = await sources({
      "names.ts": 'export const NAME = "x";\n',
      "state.ts": 'import type { Route } from "./routes/lookup";\nexport type State = Route[];\n',
      "routes/lookup.ts": 'import { NAME } from "../names";\nexport interface Route { name: typeof NAME }\n',
    });
    expect(await floorViolations(directory, FLOORS)).toEqual([
      "state.ts (floor 1, state) imports routes/lookup.ts (floor 2, routes)",
    ]);
  });

  it("accepts an upward import listed as an exception, and that one only", async () => {
    const directory = await sources({
      "names.ts": 'import type { State } from "./state";\nexport type Names = State;\n',
      "state.ts": 'import type { Route } from "./routes/lookup";\nexport type State = Route[];\n',
      "routes/lookup.ts": "export interface Route { name: string }\n",
    });
    expect(await floorViolations(directory, FLOORS, ["names.ts → state.ts"])).toEqual([
      "state.ts (floor 1, state) imports routes/lookup.ts (floor 2, routes)",
    ]);
  });

  it("names an import it cannot follow", async () => {
    const directory = await sources({
      "names.ts": 'export const NAME = "x";\n',
      "state.ts": 'import { Route } from "./routes/gone";\nexport const state = [Route];\n',
    });
    expect(await floorViolations(directory, FLOORS)).toEqual(["./routes/gone cannot be resolved"]);
  });

  it("names a file the table does not place, and leaves tests out", async () => {
    const directory = await sources({
      "names.ts": 'export const NAME = "x";\n',
      "helper.ts": 'import { NAME } from "./names";\nexport const helper = NAME;\n',
      "names.test.ts": 'import { helper } from "./helper";\nhelper;\n',
    });
    expect(await floorViolations(directory, FLOORS)).toEqual([
      "helper.ts has no floor: place it in the table",
    ]);
  });

  it("places a file by its most specific entry", () => {
    expect(floorOf("routes/lookup.ts", FLOORS)).toBe(2);
    expect(floorOf("routes/page.ts", FLOORS)).toBe(1);
    expect(floorOf("routes.ts", FLOORS)).toBeUndefined();
    expect(floorOf("run/wait.ts", CORE_FLOORS)).toBe(1);
    expect(floorOf("errors/guards.ts", CORE_FLOORS)).toBe(0);
    expect(floorOf("state.ts", [...FLOORS, { name: "top", paths: ["state.ts"] }])).toBe(1);
  });
});
