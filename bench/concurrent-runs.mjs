// 500 and 2,000 concurrent `run`s: wall time, CPU time and peak memory of the client's process, and
// requests per prediction.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CONTESTANT_NAMES } from "./contestants/index.mjs";
import { startEmulator } from "./emulator.mjs";
import { spread } from "./statistics.mjs";
import { figureWithSpread, ratio } from "./table.mjs";

const SIZES = [500, 2000];
/** `CONCURRENT_RUNS_TRIALS` sets another count. */
const TRIALS = Number(process.env.CONCURRENT_RUNS_TRIALS) || 5;
// hello-world takes 0.4 s of model time; at 0.1 it takes 40 ms, so the figures show the clients and
// the server at work more than the model's sleep.
const TIME_SCALE = 0.1;
const child = fileURLToPath(new URL("concurrent-runs-child.mjs", import.meta.url));
const execFileAsync = promisify(execFile);

/** `TRIALS` fresh child processes per client, the clients taking turns (each goes first every other trial). */
async function measure(emulator, url, runs) {
  const samples = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
  for (let trial = 0; trial < TRIALS; trial++) {
    const order = trial % 2 === 0 ? CONTESTANT_NAMES : [...CONTESTANT_NAMES].reverse();
    for (const name of order) {
      emulator.stats.reset();
      const { stdout } = await execFileAsync(process.execPath, [child, name, url, String(runs)], {
        timeout: 300_000,
        maxBuffer: 1 << 20,
      });
      const measured = JSON.parse(stdout);
      if (measured.failed > 0) {
        throw new Error(`${name}: ${measured.failed} of ${runs} runs failed, first: ${measured.firstError}`);
      }
      samples[name].push({
        ...measured,
        requests: emulator.stats.requests.length,
        created: emulator.stats.predictionsCreated,
      });
    }
  }
  return samples;
}

const mebibytes = (bytes) => bytes / 2 ** 20;
const MEASURES = [
  ["wall time", (sample) => sample.wallMilliseconds, 0, " ms"],
  ["CPU time of the client's process", (sample) => sample.cpuMilliseconds, 0, " ms"],
  ["peak RSS of the client's process", (sample) => mebibytes(sample.peakRss), 1, " MiB"],
  [
    "RSS growth during the runs (peak − before)",
    (sample) => mebibytes(sample.peakRss - sample.rssBeforeRuns),
    1,
    " MiB",
  ],
  ["requests per prediction", (sample) => sample.requests / sample.created, 2, ""],
];

export async function run() {
  const { emulator, url, close } = await startEmulator({ timeScale: TIME_SCALE });
  const tables = [];
  try {
    for (const runs of SIZES) {
      const samples = await measure(emulator, url, runs);
      const [ours, theirs] = CONTESTANT_NAMES;
      tables.push({
        title: `${runs.toLocaleString("en")} concurrent runs of dashscope/hello-world (medians of ${TRIALS} trials, min–max in brackets)`,
        columns: ["measure", ours, theirs, "ratio"],
        rows: MEASURES.map(([label, pick, decimals, unit]) => {
          const [a, b] = [spread(samples[ours].map(pick)), spread(samples[theirs].map(pick))];
          return [
            label,
            figureWithSpread(a, decimals, unit),
            figureWithSpread(b, decimals, unit),
            ratio(a.median, b.median),
          ];
        }),
        notes: [
          `Each trial: a fresh Node process per client (concurrent-runs-child.mjs) starts ${runs} \`run\`s at once ` +
            `against one emulator in the parent (time scale ${TIME_SCALE}: 40 ms of model time per prediction); the ` +
            "clients take turns, each going first every other trial, so that a noisy moment hits both. Every run must " +
            "succeed. CPU time: `process.cpuUsage()` of the child over the runs (user + system, every thread: the JIT " +
            "compiler's and the garbage collector's too), which moves less than wall time when other work shares the " +
            "cores. Peak RSS from `process.resourceUsage().maxRSS`, so it includes Node itself (~40 MiB). Requests per " +
            "prediction from `emulator.stats` (requests ÷ predictions created).",
        ],
      });
    }
  } finally {
    await close();
  }
  return tables;
}
