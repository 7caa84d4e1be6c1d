// The import graph of TypeScript and JavaScript sources, read by madge (type-only imports included:
// a circle of types is still two files that cannot be read one after the other).
import madge from "madge";

const EXTENSIONS = ["ts", "mts", "mjs", "js"];

/** Every circle of files under `directories`, each as the list of its files. */
export async function importCircles(directories: string[], tsConfig?: string): Promise<string[][]> {
  const graph = await madge(directories, {
    fileExtensions: EXTENSIONS,
    excludeRegExp: [/(^|\/)(dist|node_modules|\.tmp|\.turbo)\//],
    ...(tsConfig ? { tsConfig } : {}),
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  return graph.circular();
}
