#!/usr/bin/env node
import { ExitCode } from "./exit-codes";
import { main } from "./main";

const interrupt = new AbortController();
let interrupts = 0;

// The first Ctrl-C asks the command to stop (run and stream cancel their prediction first); a second
// one leaves at once.
const onSignal = () => {
  interrupts += 1;
  if (interrupts === 1) {
    interrupt.abort(new Error("interrupted"));
    return;
  }
  // A progress bar hides the cursor; give it back.
  if (process.stderr.isTTY) process.stderr.write("\u001b[?25h\n");
  process.exit(ExitCode.interrupted);
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

// `dashscope models list | head -1` closes stdout early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(ExitCode.success);
  throw error;
});

// Exits once stdout and stderr are flushed; idle keep-alive connections must not hold the process open.
function exit(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
}).then(exit, (error: unknown) => {
  process.stderr.write(`dashscope: ${(error as Error)?.stack ?? String(error)}\n`);
  exit(ExitCode.api);
});
