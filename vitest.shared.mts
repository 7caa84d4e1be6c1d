import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineProject } from "vitest/config";

/** The test setup every package shares; `__VERSION__` is what tsup injects at build time. */
export function packageTests(directory: string, name: string) {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { version: string };
  return defineProject({
    define: { __VERSION__: JSON.stringify(manifest.version) },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  });
}
