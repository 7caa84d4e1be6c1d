import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

/**
 * The build every published package shares: ESM + CJS + .d.ts with sourcemaps, and the
 * package's own version injected as `__VERSION__` so no version string is written by hand.
 */
export function packageBuild(directory: string, overrides: Options = {}): Options {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { version: string };
  return {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    outExtension: ({ format }) => ({ js: format === "esm" ? ".mjs" : ".js" }),
    define: { __VERSION__: JSON.stringify(manifest.version) },
    ...overrides,
  };
}
