// Bundle size: what each use costs a browser page, min+gzip. The rows are the budgets of
// `.size-limit.cjs`, each measured the way size-limit measures it (an entry that imports the names and
// logs them, bundled by esbuild with minification, gzip level 9, less the bytes of esbuild's empty
// project), so these figures are the ones `pnpm size` checks; beside each, replicate doing the same
// thing and the byte goal of the small-core work. Deterministic: one build each.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { figure, ratio } from "./table.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));
// What size-limit takes off every measured import: the gzipped bytes of an empty esbuild project
// that imports and logs (ESBUILD_EMPTY_PROJECT_IMPORT_GZIP in @size-limit/esbuild).
const EMPTY_PROJECT = 46;

// The goal of each budget (min+gzip bytes, matched by the start of the row's name) and what replicate
// needs for the same use: its class is its only entry point, so every use bundles all of it.
const GOALS = [
  { name: "@dashscope/core: createClient + request", goal: 2304, replicate: "Replicate" },
  { name: "@dashscope/predictions: createClient + run", goal: 3072, replicate: "Replicate" },
  {
    name: "@dashscope/predictions: createClient + createPrediction + getPrediction",
    goal: 2560,
    replicate: "Replicate",
  },
  { name: "@dashscope/stream: stream", goal: 4096, replicate: "Replicate" },
  { name: "dashscope: the whole Dashscope class", goal: 6656, replicate: "Replicate" },
  { name: "@dashscope/webhooks: validateWebhook", goal: 1000, replicate: "{ validateWebhook }" },
];

/** Size-limit's entry for `import` of one or more files: each file's names imported, then logged. */
function entryFor(imports) {
  return Object.entries(imports)
    .map(([path, names]) => {
      const list = names.replace(/[{}]/g, "").trim();
      return `import ${names} from ${JSON.stringify(path)}\nconsole.log(${list})\n`;
    })
    .join("");
}

/** The budgets of `.size-limit.cjs`, each with its entry (paths made absolute), goal and replicate's entry. */
function budgets() {
  const entries = createRequire(import.meta.url)(`${root}.size-limit.cjs`);
  return entries.map((entry) => {
    const imports =
      typeof entry.import === "string"
        ? { [entry.path]: entry.import }
        : Object.fromEntries(Object.entries(entry.import));
    const absolute = Object.fromEntries(
      Object.entries(imports).map(([path, names]) => [`${root}${path}`, names]),
    );
    const known = GOALS.find((goal) => entry.name.startsWith(goal.name));
    const replicateNames = known?.replicate ?? "Replicate";
    return {
      name: entry.name,
      limit: entry.limit,
      goal: known?.goal,
      dashscope: entryFor(absolute),
      replicate: `import ${replicateNames} from "replicate"\nconsole.log(${replicateNames.replace(/[{}]/g, "").trim()})\n`,
    };
  });
}

/**
 * Bundles `source` as an entry point in this folder (so it sees the bench's dependencies) with
 * size-limit's esbuild options, and answers the minified bytes and size-limit's gzip figure.
 */
async function bundle(source, extra = {}) {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: "js", sourcefile: "index.js" },
    bundle: true,
    write: false,
    minifyIdentifiers: true,
    minifySyntax: true,
    minifyWhitespace: true,
    treeShaking: true,
    logLevel: "silent",
    ...extra,
  });
  const code = result.outputFiles[0].contents;
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength - EMPTY_PROJECT,
    result,
  };
}

const kilobytes = (bytes) => figure(bytes / 1000, 2, " kB");

/**
 * Our "run a model" bundle built from the TypeScript sources instead of `dist`, so that esbuild can
 * say how many minified bytes each source file brings (the built `dist` is a file or two per package).
 */
async function sourceBreakdown() {
  const source = (path) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));
  const alias = {
    "@dashscope/core": source("core/src/index.ts"),
    "@dashscope/predictions": source("predictions/src/index.ts"),
  };
  // The prediction lifecycle's own entry of core, where it has one.
  if (existsSync(source("core/src/run/index.ts")))
    alias["@dashscope/core/run"] = source("core/src/run/index.ts");
  const entry = `import { createClient } from "@dashscope/core"
import { run } from "@dashscope/predictions"
console.log(createClient, run)
`;
  const { minified, gzipped, result } = await bundle(entry, { alias, metafile: true });
  const [output] = Object.values(result.metafile.outputs);
  const files = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => [path.replace(/^.*packages\//, ""), bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
  const shown = files.slice(0, 12);
  const rest = files.slice(12).reduce((sum, [, bytes]) => sum + bytes, 0);
  return {
    title: `Where dashscope's "createClient + run" bytes go (minified, before gzip; from the sources: ${kilobytes(minified)} min, ${gzipped} B min+gzip)`,
    columns: ["source file", "minified bytes", "share"],
    rows: [
      ...shown.map(([path, bytes]) => [path, bytes, `${((100 * bytes) / minified).toFixed(0)}%`]),
      [`${files.length - shown.length} other files`, rest, `${((100 * rest) / minified).toFixed(0)}%`],
    ],
  };
}

export async function run() {
  const rows = [];
  for (const budget of budgets()) {
    const ours = await bundle(budget.dashscope);
    const theirs = await bundle(budget.replicate);
    rows.push([
      budget.name,
      `${ours.gzipped} B`,
      budget.limit,
      `${theirs.gzipped} B`,
      ratio(ours.gzipped, theirs.gzipped),
      budget.goal === undefined ? "" : `≤ ${budget.goal} B ${ours.gzipped <= budget.goal ? "met" : "MISSED"}`,
      kilobytes(ours.minified),
      kilobytes(theirs.minified),
    ]);
  }
  return [
    {
      title: "Bundle size, min+gzip: every budget of .size-limit.cjs, measured as size-limit does",
      columns: [
        "budget",
        "dashscope",
        "budget (.size-limit.cjs)",
        "replicate",
        "ratio",
        "goal",
        "dashscope (min only)",
        "replicate (min only)",
      ],
      rows,
      notes: [
        "One build each (sizes do not vary). B = bytes, kB = 1000 bytes (size-limit prints kB = 1000 B too). Ratio = dashscope ÷ replicate, lower is smaller.",
        `Each entry imports the budget's names from the built dist and logs them; esbuild bundles it for the browser, minified; gzip -9, less ${EMPTY_PROJECT} B (an empty project), as size-limit counts.`,
        "replicate: its class is its only entry point, so every use but validateWebhook's bundles all of it (and that one does too: the package is CommonJS).",
      ],
    },
    await sourceBreakdown(),
  ];
}
