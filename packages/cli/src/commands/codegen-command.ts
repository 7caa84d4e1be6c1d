import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { generateModelTypes, type ModelTypesSource } from "../generate-model-types";
import { fetchVersion, parseModelReference } from "../model-input";
import { UsageError } from "../usage-error";

export const codegenCommand: Command = {
  name: "codegen",
  arguments: "<owner/name[:version]> [...]",
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  summary: "write TypeScript types for models' inputs and outputs",
  description:
    "Fetches each version's schema and writes one module: <Name>Input, <Name>Output and a ModelRef\n" +
    "constant that types run(), stream() and the creates. Without a version, the latest is pinned.",
  options: {
    out: {
      type: "string",
      short: "o",
      value: "<file>",
      description: "write the module here (default: stdout)",
    },
    "import-from": {
      type: "string",
      value: "<package>",
      description: 'where ModelRef comes from (default: "dashscope"; or "@dashscope/predictions")',
    },
  },
  examples: [
    "dashscope codegen dashscope/hello-world dashscope/gradient --out src/models.ts",
    "dashscope codegen dashscope/hello-world --import-from @dashscope/predictions",
  ],
  async run({ io, positionals, options, json, signal, client, print, redact }) {
    const identifiers = positionals.map(parseModelReference);
    const out = options.out as string | undefined;
    const importFrom = options["import-from"] as string | undefined;
    if (out === "") throw new UsageError("--out: expected a file name", "codegen");
    if (importFrom === "") throw new UsageError("--import-from: expected a package name", "codegen");
    const dashscope = client();
    const models = await Promise.all(
      identifiers.map(async (identifier): Promise<ModelTypesSource> => {
        const version = await fetchVersion(dashscope, identifier, signal);
        if (!version) {
          throw new UsageError(`${identifier.owner}/${identifier.name} has no version to write types for`);
        }
        const { owner, name } = identifier;
        return { owner, name, version: version.id, openapiSchema: version.openapi_schema };
      }),
    );
    // The module may be committed: a token the server echoed into a schema must not land in it.
    const code = redact(generateModelTypes(models, { importFrom }));
    const pinned = models.map(({ owner, name, version }) => `${owner}/${name}:${version}`);
    if (out) {
      await writeFile(resolve(io.cwd, out), code);
      if (json) print.json({ path: out, models: pinned });
      else print.note(`wrote ${out}: ${pinned.join(", ")}`);
    } else if (json) print.json({ path: null, models: pinned, code });
    else io.stdout.write(code);
    return ExitCode.success;
  },
};
