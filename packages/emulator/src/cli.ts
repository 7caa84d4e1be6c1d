#!/usr/bin/env node
import { parseCliArguments, USAGE, UsageError } from "./cli-arguments";
import { EMULATOR_TOKEN } from "./defaults";
import { createEmulator } from "./emulator";
import { loadModels } from "./load-models";
import { VERSION } from "./version";

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArguments>;
  try {
    command = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `dashscope-emulator: ${error.message}\nRun dashscope-emulator --help for the options.\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === "version") {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command.modelsPath !== undefined) {
    try {
      command.options.models = await loadModels(command.modelsPath);
    } catch (error) {
      process.stderr.write(
        `dashscope-emulator: --models ${command.modelsPath}: ${(error as Error).message}\n`,
      );
      process.exitCode = 2;
      return;
    }
  }
  let emulator: ReturnType<typeof createEmulator>;
  try {
    emulator = createEmulator(command.options);
  } catch (error) {
    process.stderr.write(`dashscope-emulator: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let address: Awaited<ReturnType<typeof emulator.listen>>;
  try {
    address = await emulator.listen(command.port, command.host);
  } catch (error) {
    process.stderr.write(
      `dashscope-emulator: cannot listen on ${command.host}:${command.port}: ${(error as Error).message}\n`,
    );
    await emulator.close();
    process.exitCode = 1;
    return;
  }
  const token = command.options.tokens?.[0] ?? EMULATOR_TOKEN;
  process.stdout.write(
    `Dashscope emulator ${VERSION} listening on ${address.url} (token: ${token})\n` +
      `  export DASHSCOPE_BASE_URL=${address.url} DASHSCOPE_API_TOKEN=${token}\n`,
  );
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`Received ${signal}; stopping.\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dashscope-emulator: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
