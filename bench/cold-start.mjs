// Cold start: what loading each client adds to a fresh Node process, in time and in memory.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median } from "./statistics.mjs";
import { figure, ratio } from "./table.mjs";

const SPAWNS = 20;
const here = fileURLToPath(new URL(".", import.meta.url));

// What each child loads; `null` is the empty Node that the others are measured against.
const LOADS = {
  "dashscope: the Dashscope class": ["dashscope"],
  "dashscope: core + predictions": ["@dashscope/core", "@dashscope/predictions"],
  replicate: ["replicate"],
  empty: [],
};

/**
 * The child's program: load the modules, then print how long loading took inside the process and
 * the resident memory after it. The empty Node runs the same program with nothing to load.
 */
function program(system, specifiers) {
  const report =
    "process.stdout.write(JSON.stringify({ milliseconds: performance.now() - started, rss: process.memoryUsage().rss }))";
  if (system === "require") {
    const loads = specifiers.map((specifier) => `require(${JSON.stringify(specifier)});`).join("");
    return ["-e", `const started = performance.now();${loads}${report}`];
  }
  const loads = specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join("");
  return ["--input-type=module", "-e", `const started = performance.now();${loads}${report}`];
}

function spawnOnce(system, specifiers) {
  const started = performance.now();
  const child = spawnSync(process.execPath, program(system, specifiers), { cwd: here, encoding: "utf8" });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`Loading ${specifiers.join(", ")} failed: ${child.stderr}`);
  return { wall, ...JSON.parse(child.stdout) };
}

/** SPAWNS rounds; each round spawns every variant once, so that a noisy moment hits them all alike. */
function measure(system) {
  const samples = Object.fromEntries(Object.keys(LOADS).map((label) => [label, []]));
  for (let round = 0; round < SPAWNS; round++) {
    for (const [label, specifiers] of Object.entries(LOADS))
      samples[label].push(spawnOnce(system, specifiers));
  }
  const summary = (label, key) => median(samples[label].map((sample) => sample[key]));
  const over = (label, key) => summary(label, key) - summary("empty", key);
  return { summary, over };
}

export async function run() {
  const timeRows = [];
  const memoryRows = [];
  const baselines = [];
  for (const system of ["require", "import"]) {
    const { summary, over } = measure(system);
    const call = system === "require" ? "require(…)" : "await import(…)";
    baselines.push(
      `${call}: an empty Node took ${figure(summary("empty", "wall"), 1)} ms and ${figure(summary("empty", "rss") / 2 ** 20, 1)} MiB RSS`,
    );
    for (const label of ["dashscope: the Dashscope class", "dashscope: core + predictions"]) {
      const row = `${call}, ${label.replace("dashscope: ", "")} vs replicate`;
      timeRows.push([
        row,
        figure(over(label, "wall"), 1, " ms"),
        figure(over("replicate", "wall"), 1, " ms"),
        ratio(over(label, "wall"), over("replicate", "wall")),
        figure(summary(label, "milliseconds"), 1, " ms"),
        figure(summary("replicate", "milliseconds"), 1, " ms"),
        ratio(summary(label, "milliseconds"), summary("replicate", "milliseconds")),
      ]);
      memoryRows.push([
        row,
        figure(over(label, "rss") / 2 ** 20, 2, " MiB"),
        figure(over("replicate", "rss") / 2 ** 20, 2, " MiB"),
        ratio(over(label, "rss"), over("replicate", "rss")),
      ]);
    }
  }
  const method = `Medians of ${SPAWNS} spawns of \`node -e\` each (variants interleaved), cwd bench/.`;
  return [
    {
      title: "Cold start: time",
      columns: [
        "load",
        "dashscope, process over empty",
        "replicate, process over empty",
        "ratio",
        "dashscope, load in-process",
        "replicate, load in-process",
        "ratio",
      ],
      rows: timeRows,
      notes: [
        `${method} "Process over empty": the child's whole lifetime (spawn to exit) minus an empty Node's; ` +
          `"load in-process": performance.now() around the require/import inside the child.`,
        ...baselines,
      ],
    },
    {
      title: "Cold start: memory (RSS after loading, over an empty Node)",
      columns: ["load", "dashscope", "replicate", "ratio"],
      rows: memoryRows,
      notes: [`${method} RSS from process.memoryUsage() right after loading.`],
    },
  ];
}
