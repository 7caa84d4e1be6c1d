import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild(process.cwd(), {
    noExternal: [/^@dashscope\//],
    // `require("dashscope")` gives the class itself, as users of the seed expect, with every named
    // export (and `.default`) still on it.
    footer: ({ format }) =>
      format === "cjs"
        ? { js: "module.exports = Object.assign(module.exports.default, module.exports);" }
        : {},
  }),
);
