import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// Two entries, the transport and the prediction lifecycle (`@dashscope/core/run`), built with shared
// chunks so that both load one copy of each class and `instanceof` holds between them.
export default defineConfig(
  packageBuild(process.cwd(), {
    entry: { index: "src/index.ts", run: "src/run/index.ts" },
    splitting: true,
  }),
);
