// 500 concurrent `run`s: wall time, requests per prediction, and peak memory of the client's process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CONTESTANT_NAMES } from "./contestants/index.mjs";
import { startEmulator } from "./emulator.mjs";
import { median } from "./statistics.mjs";
import { figure, ratio } from "./table.mjs";

const RUNS = 500;
const TRIALS = 5;
// hello-world takes 0.4 s of model time; at 0.1 it takes 40 ms, so the figures show the clients and
// the server at work more than the model's sleep.
const TIME_SCALE = 0.1;
const child = fileURLToPath(new URL("concurrent-runs-child.mjs", import.meta.url));
const execFileAsync = promisify(execFile);

export async function run() {
  const { emulator, url, close } = await startEmulator({ timeScale: TIME_SCALE });
  const samples = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const name of CONTESTANT_NAMES) {
        emulator.stats.reset();
        const { stdout } = await execFileAsync(process.execPath, [child, name, url, String(RUNS)], {
          timeout: 120_000,
          maxBuffer: 1 << 20,
        });
        const measured = JSON.parse(stdout);
        if (measured.failed > 0) {
          throw new Error(
            `${name}: ${measured.failed} of ${RUNS} runs failed, first: ${measured.firstError}`,
          );
        }
        samples[name].push({
          ...measured,
          requests: emulator.stats.requests.length,
          created: emulator.stats.predictionsCreated,
        });
      }
    }
  } finally {
    await close();
  }
  const middle = (name, pick) => median(samples[name].map(pick));
  const [ours, theirs] = CONTESTANT_NAMES;
  const mebibytes = (bytes) => bytes / 2 ** 20;
  const measures = [
    ["wall time", (sample) => sample.wallMilliseconds, (value) => figure(value, 0, " ms")],
    ["requests per prediction", (sample) => sample.requests / sample.created, (value) => figure(value, 2)],
    [
      "peak RSS of the client's process",
      (sample) => mebibytes(sample.peakRss),
      (value) => figure(value, 1, " MiB"),
    ],
    [
      "RSS growth during the runs (peak − before)",
      (sample) => mebibytes(sample.peakRss - sample.rssBeforeRuns),
      (value) => figure(value, 1, " MiB"),
    ],
  ];
  return [
    {
      title: `${RUNS} concurrent runs of dashscope/hello-world (medians of ${TRIALS} trials)`,
      columns: ["measure", ours, theirs, "ratio"],
      rows: measures.map(([label, pick, format]) => {
        const [a, b] = [middle(ours, pick), middle(theirs, pick)];
        return [label, format(a), format(b), ratio(a, b)];
      }),
      notes: [
        `Each trial: a fresh Node process per client (concurrent-runs-child.mjs) starts ${RUNS} \`run\`s at once ` +
          `against one emulator in the parent (time scale ${TIME_SCALE}: 40 ms of model time per prediction). Every ` +
          "run must succeed. Requests per prediction from `emulator.stats` (requests ÷ predictions created). " +
          "Peak RSS from `process.resourceUsage().maxRSS`, so it includes Node itself (~40 MiB).",
      ],
    },
  ];
}
