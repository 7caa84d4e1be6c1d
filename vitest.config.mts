import { defineConfig } from "vitest/config";

// `npx vitest` at the root runs every package's suite as one project each; `pnpm test` runs them
// through turbo instead, so that each package is tested against its dependencies' builds.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.mts", "tests/*/vitest.config.mts"],
  },
});
