// Runs the benchmarks, each in turn, and prints their tables: `node run.mjs` for all of them,
// `node run.mjs bundle-size cold-start` for some. Never part of the tests.
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";

const BENCHMARKS = [
  "bundle-size",
  "cold-start",
  "run-latency",
  "concurrent-runs",
  "sse-throughput",
  "fault-run",
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(", ")}. Known: ${BENCHMARKS.join(", ")}.`);
  process.exit(2);
}
const selected = asked.length > 0 ? BENCHMARKS.filter((name) => asked.includes(name)) : BENCHMARKS;

const { formatTable } = await import("./table.mjs");
const replicateVersion = (await import("replicate/package.json", { with: { type: "json" } })).default.version;
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `dashscope-js benchmarks, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ` +
    `Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB; replicate ${replicateVersion}\n`,
);

const started = performance.now();
for (const name of selected) {
  const benchmarkStarted = performance.now();
  const { run } = await import(`./${name}.mjs`);
  const tables = await run();
  for (const table of tables) console.log(`${formatTable(table)}\n`);
  console.log(`(${name} took ${((performance.now() - benchmarkStarted) / 1000).toFixed(1)} s)\n`);
}
console.log(`All done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
