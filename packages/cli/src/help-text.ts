import type { Command, OptionSpec } from "./command";
import { GLOBAL_OPTIONS, VERSION_OPTION } from "./global-options";

const EXIT_CODES = `Exit codes: 0 success, 1 the prediction failed, was canceled or aborted, 2 usage error,
3 API or network error, 130 interrupted (Ctrl-C).`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.value ? ` ${spec.value}` : ""}`,
    spec.description,
  ]);
  const width = Math.max(...entries.map(([flag]) => (flag as string).length));
  return entries.map(([flag, description]) => `  ${(flag as string).padEnd(width)}  ${description}`);
}

function usageOf(command: Command): string {
  return `dashscope ${command.name}${command.arguments ? ` ${command.arguments}` : ""}${command.options ? " [options]" : ""}`;
}

function commandLines(commands: readonly Command[]): string[] {
  const entries = commands.map((command) => [
    `${command.name}${command.arguments ? ` ${command.arguments}` : ""}`,
    command.summary,
  ]);
  const width = Math.max(...entries.map(([usage]) => (usage as string).length));
  return entries.map(([usage, summary]) => `  ${(usage as string).padEnd(width)}  ${summary}`);
}

/** `dashscope --help`: every command, the options they share, and the exit codes. */
export function topHelp(commands: readonly Command[]): string {
  return [
    "dashscope: run Dashscope models from a terminal.",
    "",
    "Usage: dashscope <command> [arguments] [options]",
    "",
    "Commands:",
    ...commandLines(commands),
    "",
    "Options:",
    ...optionLines({ ...GLOBAL_OPTIONS, ...VERSION_OPTION }),
    "",
    'Run "dashscope <command> --help" for a command\'s arguments and options.',
    EXIT_CODES,
    "",
  ].join("\n");
}

/** `dashscope predictions --help`: the verbs of one group. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  const verbs = commands.filter((command) => command.name.startsWith(`${group} `));
  return [
    `Usage: dashscope ${group} <${verbs.map((command) => command.name.slice(group.length + 1)).join("|")}> [arguments] [options]`,
    "",
    "Commands:",
    ...commandLines(verbs),
    "",
    `Run "dashscope ${group} <command> --help" for a command's arguments and options.`,
    "",
  ].join("\n");
}

/** `dashscope run --help`. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${usageOf(command)}`,
    "",
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.description ? ["", command.description] : []),
    "",
    "Options:",
    ...optionLines({ ...command.options, ...GLOBAL_OPTIONS }),
    ...(command.examples?.length
      ? ["", "Examples:", ...command.examples.map((example) => `  ${example}`)]
      : []),
    "",
    EXIT_CODES,
    "",
  ].join("\n");
}
