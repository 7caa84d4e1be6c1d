import type { CliIo } from "./cli-io";
import type { Command, CommandContext } from "./command";
import { COMMANDS } from "./command-table";
import { createCliClient, resolveToken } from "./create-cli-client";
import { ExitCode } from "./exit-codes";
import { commandHelp, groupHelp, topHelp } from "./help-text";
import { parseCommandLine } from "./parse-command-line";
import { createPrinter } from "./printer";
import { redactingOutput, redactSecrets, redactValue } from "./redacting-output";
import { describeError } from "./report-error";
import { VERSION } from "./version";

/**
 * Runs one `dashscope` command line and answers its exit code: 0 success, 1 the prediction failed or
 * was canceled or aborted, 2 usage error, 3 API or network error, 130 interrupted. Everything outside (streams,
 * environment, working directory, Ctrl-C, fetch) comes through `io`, so tests can run it in-process.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // What the command sends as its token, once it makes a client: from then on, whatever it prints
  // (server text: errors, logs, outputs) has the token blanked. `dashscope emulator`, which makes none,
  // prints the emulator's public token as it should.
  const sent: (string | undefined)[] = [];
  const stdout = redactingOutput(io.stdout, () => sent);
  const stderr = redactingOutput(io.stderr, () => sent);
  const output: CliIo = { ...io, stdout, stderr };
  const print = createPrinter(output, (value) => redactValue(value, sent));
  let command: Command | undefined;
  let secrets = [io.env.DASHSCOPE_API_TOKEN];
  try {
    const commandLine = parseCommandLine(argv, COMMANDS);
    if (commandLine.kind === "version") {
      print.text(VERSION);
      return ExitCode.success;
    }
    if (commandLine.kind === "help") {
      const text = commandLine.command
        ? commandHelp(commandLine.command)
        : commandLine.group
          ? groupHelp(commandLine.group, COMMANDS)
          : topHelp(COMMANDS);
      if (commandLine.asked) {
        stdout.write(text);
        return ExitCode.success;
      }
      const missing = commandLine.group ? `a command after "${commandLine.group}"` : "a command";
      stderr.write(`dashscope: missing ${missing}\n\n${text}`);
      return ExitCode.usage;
    }
    command = commandLine.command;
    const { options, positionals } = commandLine;
    secrets = [resolveToken(options, io), ...secrets];
    const context: CommandContext = {
      io: output,
      positionals,
      options,
      json: options.json === true,
      signal: io.signal,
      client: (overrides) => {
        const client = createCliClient(options, io, overrides);
        sent.push(...secrets);
        return client;
      },
      print,
      redact: (value) => redactValue(value, sent),
      secrets: () => sent,
    };
    return await command.run(context);
  } catch (error) {
    const { code, message } = describeError(error, command?.name);
    stderr.write(`${redactSecrets(message, secrets)}\n`);
    return code;
  } finally {
    stdout.flush();
    stderr.flush();
  }
}
