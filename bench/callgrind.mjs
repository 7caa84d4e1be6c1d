// Counts the instructions a Node process executes, every thread, under valgrind's callgrind.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * Runs `node …nodeArguments` under `valgrind --tool=callgrind` and answers the instructions its summary
 * counts ("Collected"). `name` labels the error when valgrind prints none.
 */
export async function countInstructions(name, nodeArguments) {
  const { stderr } = await execFileAsync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, ...nodeArguments],
    { timeout: 1_200_000, maxBuffer: 1 << 24 },
  );
  const collected = /Collected : (\d+)/.exec(stderr);
  if (!collected) throw new Error(`${name}: no instruction count in valgrind's output:\n${stderr}`);
  return Number(collected[1]);
}
