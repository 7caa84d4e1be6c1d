// Instructions per `run` of each client, counted by valgrind (callgrind), which a busy machine hardly
// moves, unlike time: `node bench/instructions-per-run.mjs [runs] [client] [--one-thread]` (default 500
// runs, both clients; needs valgrind).
// Each client's child process (`concurrent-runs-child.mjs`) runs `runs` at once and again none; the
// difference, divided by `runs`, is what one run costs, the process's start and imports left out.
// `--one-thread` runs V8 on one thread and predictable (`--single-threaded --predictable`): no
// concurrent compiler or GC threads, so two measurements of one build agree to about 0.1% (against
// 2–4% otherwise), at the price of leaving out how that work would overlap.
import { fileURLToPath } from "node:url";
import { countInstructions } from "./callgrind.mjs";
import { CONTESTANT_NAMES } from "./contestants/index.mjs";
import { startEmulator } from "./emulator.mjs";

const ONE_THREAD = process.argv.includes("--one-thread");
const [runsText, clientName] = process.argv.slice(2).filter((argument) => argument !== "--one-thread");
const RUNS = Number(runsText) || 500;
const NAMES = clientName ? [clientName] : CONTESTANT_NAMES;
const V8_FLAGS = ONE_THREAD ? ["--single-threaded", "--predictable"] : [];
const child = fileURLToPath(new URL("concurrent-runs-child.mjs", import.meta.url));

/** Instructions the whole child process executes (every thread) for `runs` runs against `url`. */
const instructions = (name, url, runs) =>
  countInstructions(name, [...V8_FLAGS, child, name, url, String(runs)]);

const { url, close } = await startEmulator({ timeScale: 0.1 });
try {
  for (const name of NAMES) {
    const idle = await instructions(name, url, 0);
    const busy = await instructions(name, url, RUNS);
    const perRun = (busy - idle) / RUNS / 1e6;
    console.log(
      `${name}: ${perRun.toFixed(2)} M instructions per run (${(busy / 1e9).toFixed(2)} G for ${RUNS} runs, ${(idle / 1e9).toFixed(2)} G for none)`,
    );
  }
} finally {
  await close();
}
