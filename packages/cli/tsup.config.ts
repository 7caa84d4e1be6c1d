import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild(process.cwd(), { entry: ["src/index.ts", "src/cli.ts"], platform: "node" }),
);
