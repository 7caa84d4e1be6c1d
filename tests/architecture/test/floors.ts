// Floors: a table that places every file of a folder on a numbered floor, and the check that every
// import points to the same floor or a lower one. The graph is madge's, type-only imports included: a
// definition that needs a route's type knows that route as much as one that calls it.
import madge from "madge";

export interface Floor {
  /** What lives on this floor, as the documentation names it. */
  name: string;
  /**
   * Files (`state.ts`) and folders (`routes/`, with the slash) relative to the checked directory; `""`
   * is the whole directory, so it places every file no other entry does.
   */
  paths: readonly string[];
}

const TESTS = /(^|\/)[^/]+\.test\.ts$/;

/** The floor (an index into `floors`, bottom first) of `file`, or undefined when the table lacks it. */
export function floorOf(file: string, floors: readonly Floor[]): number | undefined {
  let found: { floor: number; length: number } | undefined;
  floors.forEach((floor, index) => {
    for (const path of floor.paths) {
      const matches = path === "" || path.endsWith("/") ? file.startsWith(path) : file === path;
      // The most specific entry wins, so a folder's file may sit on a floor of its own.
      if (matches && path.length > (found?.length ?? -1)) found = { floor: index, length: path.length };
    }
  });
  return found?.floor;
}

/**
 * Every way the sources under `directory` (tests left out) break the floors: a file the table does not
 * place, an import of a higher floor, an import that leads nowhere. Empty when the layout holds.
 */
export async function floorViolations(
  directory: string,
  floors: readonly Floor[],
  /** Upward imports accepted by name, `"errors/guards.ts → run/prediction-errors.ts"`, each saying why where it is listed. */
  exceptions: readonly string[] = [],
): Promise<string[]> {
  const graph = await madge(directory, {
    fileExtensions: ["ts"],
    excludeRegExp: [TESTS, /(^|\/)(dist|node_modules)\//],
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  const label = (file: string, floor: number) => `${file} (floor ${floor}, ${floors[floor]?.name})`;
  // An import madge cannot resolve would be left out of the graph, and the check would pass unseen.
  const violations = graph.warnings().skipped.map((specifier) => `${specifier} cannot be resolved`);
  for (const [file, imports] of Object.entries(graph.obj()).sort(([a], [b]) => a.localeCompare(b))) {
    const floor = floorOf(file, floors);
    if (floor === undefined) {
      violations.push(`${file} has no floor: place it in the table`);
      continue;
    }
    for (const imported of imports) {
      const importedFloor = floorOf(imported, floors);
      const excepted = exceptions.includes(`${file} → ${imported}`);
      if (importedFloor !== undefined && importedFloor > floor && !excepted) {
        violations.push(`${label(file, floor)} imports ${label(imported, importedFloor)}`);
      }
    }
  }
  return violations;
}
