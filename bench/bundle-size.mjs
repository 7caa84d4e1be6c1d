// Bundle size: what each use costs a browser page, min+gzip, bundled the way size-limit does it
// (esbuild, platform browser, format esm, minify; gzip level 9). Deterministic: one build each.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { figure, ratio } from "./table.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// Each use written the way a user of each client writes it: ours imports the functions it needs,
// replicate's only entry point is its class. `goal` is the byte budget the small-core work aims at
// (min+gzip bytes); `.size-limit.cjs` holds what is enforced today.
const USES = [
  {
    label: "`createClient` + `run`",
    goal: 3072,
    dashscope: `import { createClient } from "@dashscope/core";
      import { run } from "@dashscope/predictions";
      export const go = (options, model, input) => run(createClient(options), model, { input });`,
    replicate: `import Replicate from "replicate";
      export const go = (options, model, input) => new Replicate(options).run(model, { input });`,
  },
  {
    label: "`createClient` + `createPrediction` + `getPrediction`",
    goal: 2560,
    dashscope: `import { createClient } from "@dashscope/core";
      import { createPrediction, getPrediction } from "@dashscope/predictions";
      export const go = async (options, model, input) => {
        const client = createClient(options);
        return getPrediction(client, (await createPrediction(client, { model, input })).id);
      };`,
    replicate: `import Replicate from "replicate";
      export const go = async (options, model, input) => {
        const replicate = new Replicate(options);
        return replicate.predictions.get((await replicate.predictions.create({ model, input })).id);
      };`,
  },
  {
    label: "`createClient` + `stream` (eventsource-parser included)",
    goal: 4096,
    dashscope: `import { createClient } from "@dashscope/core";
      import { stream } from "@dashscope/stream";
      export const go = (options, model, input) => stream(createClient(options), model, { input });`,
    replicate: `import Replicate from "replicate";
      export const go = (options, model, input) => new Replicate(options).stream(model, { input });`,
  },
  {
    label: "the whole `Dashscope` class, constructed, `run` called",
    goal: 6656,
    dashscope: `import { Dashscope } from "dashscope";
      export const go = (options, model, input) => new Dashscope(options).run(model, { input });`,
    replicate: `import Replicate from "replicate";
      export const go = (options, model, input) => new Replicate(options).run(model, { input });`,
  },
  {
    label: "core: `createClient` + `request`",
    goal: 2304,
    dashscope: `import { createClient, request } from "@dashscope/core";
      export const go = (options, route) => request(createClient(options), route);`,
    replicate: `import Replicate from "replicate";
      export const go = (options, route) => new Replicate(options).request(route, {});`,
  },
];

/** Bundles `source` as an entry point in this folder (so it sees the bench's dependencies). */
async function bundle(source, extra = {}) {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: "js", sourcefile: "entry.mjs" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
    ...extra,
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, result };
}

const kilobytes = (bytes) => figure(bytes / 1000, 2, " kB");

/**
 * Our "run a model" bundle built from the TypeScript sources instead of `dist`, so that esbuild can
 * say how many minified bytes each source file brings (the built `dist` is one file per package).
 */
async function sourceBreakdown() {
  const alias = {
    "@dashscope/core": fileURLToPath(new URL("../packages/core/src/index.ts", import.meta.url)),
    "@dashscope/predictions": fileURLToPath(new URL("../packages/predictions/src/index.ts", import.meta.url)),
  };
  const { minified, gzipped, result } = await bundle(USES[0].dashscope, { alias, metafile: true });
  const [output] = Object.values(result.metafile.outputs);
  const files = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => [path.replace(/^.*packages\//, ""), bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
  const shown = files.slice(0, 12);
  const rest = files.slice(12).reduce((sum, [, bytes]) => sum + bytes, 0);
  return {
    title: `Where dashscope's "run a model" bytes go (minified, before gzip; from the sources: ${kilobytes(minified)} min, ${kilobytes(gzipped)} min+gzip)`,
    columns: ["source file", "minified bytes", "share"],
    rows: [
      ...shown.map(([path, bytes]) => [path, bytes, `${((100 * bytes) / minified).toFixed(0)}%`]),
      [`${files.length - shown.length} other files`, rest, `${((100 * rest) / minified).toFixed(0)}%`],
    ],
  };
}

export async function run() {
  const rows = [];
  for (const use of USES) {
    const ours = await bundle(use.dashscope);
    const theirs = await bundle(use.replicate);
    rows.push([
      use.label,
      `${ours.gzipped} B`,
      `${theirs.gzipped} B`,
      ratio(ours.gzipped, theirs.gzipped),
      `≤ ${use.goal} B ${ours.gzipped <= use.goal ? "met" : "MISSED"}`,
      kilobytes(ours.minified),
      kilobytes(theirs.minified),
    ]);
  }
  return [
    {
      title: "Bundle size, min+gzip (esbuild: browser, esm, minify; gzip -9)",
      columns: [
        "what the page does",
        "dashscope",
        "replicate",
        "ratio",
        "goal",
        "dashscope (min only)",
        "replicate (min only)",
      ],
      rows,
      notes: [
        "One build each (sizes do not vary). B = bytes, kB = 1000 bytes. Ratio = dashscope ÷ replicate, lower is smaller.",
        "dashscope: `createClient` from @dashscope/core plus the area functions; the fourth row is the `Dashscope` class.",
        "replicate: its class is its only entry point, so every use bundles all of it.",
      ],
    },
    await sourceBreakdown(),
  ];
}
