import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild(process.cwd(), {
    // One file: every @dashscope/* package (and eventsource-parser, which is no dependency of this
    // one) is built in, so loading the class resolves one package instead of ten `exports` maps.
    // The @dashscope/* dependencies stay, pinned exactly, for the types the declarations import.
    noExternal: [/^@dashscope\//],
    // `require("dashscope")` gives the class itself, as programs written for replicate expect, with every named
    // export (and `.default`) still on it.
    footer: ({ format }) =>
      format === "cjs"
        ? { js: "module.exports = Object.assign(module.exports.default, module.exports);" }
        : {},
  }),
);
