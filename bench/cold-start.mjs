// Cold start: what loading each client adds to a fresh Node process, in time and in memory, with the
// packages installed the way a user gets them: this repository's packages packed into tarballs and
// installed by npm (flat node_modules) and by pnpm (symlinked store), beside replicate from the registry.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median } from "./statistics.mjs";
import { figure, ratio } from "./table.mjs";

const SPAWNS = Number(process.env.COLD_START_SPAWNS) || 30;
const root = fileURLToPath(new URL("..", import.meta.url));
const REPLICATE = "replicate@1.4.0";
// Every package the `dashscope` package depends on, and itself: all of them are packed.
const PACKAGES = ["core", "predictions", "models", "trainings", "deployments", "files", "webhooks", "stream"];

// What each child loads; the empty list is the empty Node that the others are measured against.
const LOADS = {
  "the Dashscope class": ["dashscope"],
  "core + predictions": ["@dashscope/core", "@dashscope/predictions"],
  replicate: ["replicate"],
  empty: [],
};
// The goals: the class at most as slow as replicate, core + predictions at most half of it.
const GOALS = { "the Dashscope class": 1, "core + predictions": 0.5 };

// npm and pnpm are run with a clean environment: pnpm's own `npm_*` settings must not leak into npm.
function environment() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm|pnpm)_/i.test(name) || /^npm_config_(registry|cache|userconfig)$/i.test(name),
    ),
  );
}

function runTool(command, args, cwd) {
  execFileSync(command, args, { cwd, env: environment(), stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Packs the built packages (pnpm rewrites their `workspace:` ranges to versions) and installs them,
 * with replicate, into one scratch project per package manager. pnpm would look the `@dashscope/*`
 * dependencies of a tarball up on the registry, so overrides point each one at its tarball.
 */
function install() {
  const scratch = mkdtempSync(join(tmpdir(), "dashscope-cold-start-"));
  const packs = join(scratch, "packs");
  mkdirSync(packs);
  for (const name of [...PACKAGES, "dashscope"])
    runTool("npx", ["-y", "pnpm@10.34.9", "pack", "--pack-destination", packs], join(root, "packages", name));
  const tarballs = Object.fromEntries(
    readdirSync(packs).map((file) => [
      // dashscope-core-1.2.3.tgz is @dashscope/core; dashscope-1.2.3.tgz is dashscope.
      file.replace(/-\d+\.\d+\.\d+.*\.tgz$/, "").replace(/^dashscope-/, "@dashscope/"),
      join(packs, file),
    ]),
  );
  const dependencies = Object.fromEntries(
    Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]),
  );
  const projects = {};
  for (const manager of ["npm", "pnpm"]) {
    const project = join(scratch, manager);
    mkdirSync(project);
    const manifest = {
      name: `cold-start-${manager}`,
      private: true,
      dependencies: { ...dependencies, replicate: REPLICATE.split("@")[1] },
      pnpm: { overrides: dependencies },
    };
    writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
    if (manager === "npm")
      runTool("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], project);
    else runTool("npx", ["-y", "pnpm@10.34.9", "install", "--ignore-workspace", "--ignore-scripts"], project);
    projects[manager] = project;
  }
  return { scratch, projects };
}

/**
 * The child's program: load the modules, then print how long loading took inside the process (wall
 * clock, and CPU time of the whole process, which another process on the same cores slows less) and
 * the resident memory after it. Every figure is taken before `process.stdout` is first read: that
 * getter builds the stdout stream and loads Node's streams, milliseconds that would count against
 * whichever client had not loaded them already. The empty Node runs the same program with nothing to load.
 */
function program(system, specifiers) {
  const start = "const cpu = process.cpuUsage(); const started = performance.now();";
  const report =
    "const milliseconds = performance.now() - started; const used = process.cpuUsage(cpu);" +
    "const rss = process.memoryUsage().rss;" +
    "process.stdout.write(JSON.stringify({ milliseconds, cpu: (used.user + used.system) / 1000, rss }));";
  if (system === "require") {
    const loads = specifiers.map((specifier) => `require(${JSON.stringify(specifier)});`).join("");
    return ["-e", `${start}${loads}${report}`];
  }
  const loads = specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join("");
  return ["--input-type=module", "-e", `${start}${loads}${report}`];
}

function spawnOnce(cwd, system, specifiers) {
  const started = performance.now();
  const child = spawnSync(process.execPath, program(system, specifiers), { cwd, encoding: "utf8" });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`Loading ${specifiers.join(", ")} failed: ${child.stderr}`);
  return { wall, ...JSON.parse(child.stdout) };
}

/** SPAWNS rounds; each round spawns every variant once, so that a noisy moment hits them all alike. */
function measure(cwd, system) {
  const samples = Object.fromEntries(Object.keys(LOADS).map((label) => [label, []]));
  for (let round = 0; round < SPAWNS; round++) {
    for (const [label, specifiers] of Object.entries(LOADS))
      samples[label].push(spawnOnce(cwd, system, specifiers));
  }
  const summary = (label, key) => median(samples[label].map((sample) => sample[key]));
  const over = (label, key) => summary(label, key) - summary("empty", key);
  return { summary, over };
}

export async function run() {
  const { scratch, projects } = install();
  const timeRows = [];
  const memoryRows = [];
  const baselines = [];
  try {
    for (const [manager, project] of Object.entries(projects)) {
      for (const system of ["require", "import"]) {
        const { summary, over } = measure(project, system);
        const call = system === "require" ? "require(…)" : "await import(…)";
        baselines.push(
          `${manager}, ${call}: an empty Node took ${figure(summary("empty", "wall"), 1)} ms and ${figure(summary("empty", "rss") / 2 ** 20, 1)} MiB RSS`,
        );
        for (const label of Object.keys(GOALS)) {
          const row = `${manager}, ${call}, ${label}`;
          const inProcess = summary(label, "milliseconds") / summary("replicate", "milliseconds");
          timeRows.push([
            row,
            figure(summary(label, "milliseconds"), 1, " ms"),
            figure(summary("replicate", "milliseconds"), 1, " ms"),
            ratio(summary(label, "milliseconds"), summary("replicate", "milliseconds")),
            system === "require"
              ? `≤ ${GOALS[label].toFixed(1)}× ${inProcess <= GOALS[label] ? "met" : "MISSED"}`
              : "",
            ratio(over(label, "cpu"), over("replicate", "cpu")),
            figure(over(label, "wall"), 1, " ms"),
            figure(over("replicate", "wall"), 1, " ms"),
          ]);
          memoryRows.push([
            row,
            figure(over(label, "rss") / 2 ** 20, 2, " MiB"),
            figure(over("replicate", "rss") / 2 ** 20, 2, " MiB"),
            ratio(over(label, "rss"), over("replicate", "rss")),
          ]);
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const method =
    `Medians of ${SPAWNS} spawns of \`node -e\` each (variants interleaved round by round), in a scratch ` +
    `project where the packed tarballs and ${REPLICATE} were installed by npm, or by pnpm.`;
  return [
    {
      title: "Cold start: time (packed tarballs, installed by npm and by pnpm)",
      columns: [
        "load",
        "dashscope, load in-process",
        "replicate, load in-process",
        "ratio",
        "goal (require)",
        "ratio of CPU time",
        "dashscope, process over empty",
        "replicate, process over empty",
      ],
      rows: timeRows,
      notes: [
        `${method} "Load in-process": performance.now() around the require/import inside the child ` +
          `(what the goals are about); "ratio of CPU time": the child's CPU time (process.cpuUsage) over the same span, ` +
          `less an empty Node's, dashscope ÷ replicate (steadier than wall time when other work shares the cores); ` +
          `"process over empty": the child's whole lifetime (spawn to exit) minus an empty Node's.`,
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

// `node bench/cold-start.mjs` runs this benchmark alone, as `node bench/run.mjs cold-start` does.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import("./table.mjs");
  for (const table of await run()) console.log(`${formatTable(table)}\n`);
}
