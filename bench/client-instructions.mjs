// Instructions per `run` of each client's own code, with no network and no server: `node
// bench/client-instructions.mjs` (needs valgrind; about 2 minutes). Each client's child process
// (`client-instructions-child.mjs`) runs predictions through a `fetch` that answers at once, in the
// process, under `valgrind --tool=callgrind`, with V8 on one thread and predictable
// (`--single-threaded --predictable`: no concurrent compiler or GC threads, whose timing would move the
// count), once with 5,100 runs and once with 100; the difference, divided by 5,000, is one warm run.
// Repeated measurements of one build agree to within 0.01%, so a change of 1 K instructions per run
// shows, where the networked count (`instructions-per-run.mjs`) moves by 50–100 K from one measurement
// to the next. What it leaves out is what `fetch` itself does with a request (undici's share).
import { fileURLToPath } from "node:url";
import { countInstructions } from "./callgrind.mjs";
import { CONTESTANT_NAMES } from "./contestants/index.mjs";

const [FEW, MANY] = [100, 5100];
const child = fileURLToPath(new URL("client-instructions-child.mjs", import.meta.url));

/** Instructions of a child running `runs` predictions, V8 on one thread and predictable. */
const instructions = (name, runs) =>
  countInstructions(name, ["--single-threaded", "--predictable", child, name, String(runs)]);

const perRun = {};
for (const name of CONTESTANT_NAMES) {
  const [few, many] = await Promise.all([instructions(name, FEW), instructions(name, MANY)]);
  perRun[name] = (many - few) / (MANY - FEW);
  console.log(`${name}: ${(perRun[name] / 1000).toFixed(1)} K instructions per run of its own code`);
}
const [ours, theirs] = CONTESTANT_NAMES;
console.log(`ratio: ${(perRun[ours] / perRun[theirs]).toFixed(3)}×`);
