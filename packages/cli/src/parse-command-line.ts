import { parseArgs } from "node:util";
import type { Command, OptionSpec, OptionValues } from "./command";
import { GLOBAL_OPTIONS, VERSION_OPTION } from "./global-options";
import { suggestName } from "./suggest-name";
import { UsageError } from "./usage-error";

export type CommandLine =
  | { kind: "version" }
  /** `help` goes to stdout and exits 0 when asked for; to stderr with 2 when a command is missing. */
  | { kind: "help"; command?: Command; group?: string; asked: boolean }
  | { kind: "command"; command: Command; positionals: string[]; options: OptionValues };

type ParseArgsOptions = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

function forParseArgs(options: Record<string, OptionSpec>): ParseArgsOptions {
  return Object.fromEntries(
    Object.entries(options).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
}

/** The first word of each command: `run`, `predictions`, … */
function topNames(commands: readonly Command[]): string[] {
  return [...new Set(commands.map((command) => command.name.split(" ")[0] as string))];
}

function unknownCommand(given: string, candidates: string[], prefix = ""): UsageError {
  const suggestion = suggestName(given, candidates);
  return new UsageError(
    `unknown command "${prefix}${given}"${suggestion ? `. Did you mean "${prefix}${suggestion}"?` : `; the commands are: ${candidates.join(", ")}`}`,
  );
}

/** Finds a command (or group) by its words; `help` topics and typos are reported the same way. */
function findCommand(
  words: string[],
  commands: readonly Command[],
): { command?: Command; group?: string; used: number } {
  const [first, second] = words;
  const names = topNames(commands);
  if (first === undefined) return { used: 0 };
  const single = commands.find((command) => command.name === first);
  if (single) return { command: single, used: 1 };
  if (!names.includes(first)) throw unknownCommand(first, [...names, "help"]);
  const verbs = commands.filter((command) => command.name.startsWith(`${first} `));
  if (second === undefined) return { group: first, used: 1 };
  const command = verbs.find((verb) => verb.name === `${first} ${second}`);
  if (!command) {
    throw unknownCommand(
      second,
      verbs.map((verb) => verb.name.slice(first.length + 1)),
      `${first} `,
    );
  }
  return { command, used: 2 };
}

/**
 * Reads a command line with `util.parseArgs`: the command's words, then its options and positional
 * arguments, strictly. Options may come before or after the command. Every mistake is a `UsageError`
 * that names the argument and says why, with the nearest command or option for a typo.
 */
export function parseCommandLine(argv: string[], commands: readonly Command[]): CommandLine {
  const everyOption: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...VERSION_OPTION };
  for (const command of commands) Object.assign(everyOption, command.options);
  // A first, lenient pass finds the command's words among the options, whose values it must skip.
  const { tokens, values } = parseArgs({
    args: argv,
    options: forParseArgs(everyOption),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option" && !Object.hasOwn(everyOption, token.name)) {
      const suggestion = suggestName(token.name, Object.keys(everyOption));
      throw new UsageError(
        `unknown option "${token.rawName}"${suggestion ? `. Did you mean "--${suggestion}"?` : ""}`,
      );
    }
  }
  const positionalTokens = tokens.filter((token) => token.kind === "positional");
  const words = positionalTokens.map((token) => token.value);
  if (words[0] === "help") {
    const topic = findCommand(words.slice(1), commands);
    return { kind: "help", command: topic.command, group: topic.group, asked: true };
  }
  const found = findCommand(words, commands);
  if (!found.command) {
    if (!found.group && values.version === true) return { kind: "version" };
    return { kind: "help", group: found.group, asked: values.help === true };
  }
  const command = found.command;
  const wordIndexes = new Set(positionalTokens.slice(0, found.used).map((token) => token.index));
  const rest = argv.filter((_, index) => !wordIndexes.has(index));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: forParseArgs({ ...command.options, ...GLOBAL_OPTIONS }),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message =
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? `"dashscope ${command.name}" has no option ${/'([^']+)'/.exec((error as Error).message)?.[1] ?? ""}`
        : (error as Error).message;
    throw new UsageError(message, command.name);
  }
  const options = parsed.values as OptionValues;
  if (options.help) return { kind: "help", command, asked: true };
  const positionals = parsed.positionals;
  const { min, max } = command.positionals;
  if (positionals.length < min) {
    throw new UsageError(
      `"dashscope ${command.name}" needs ${command.arguments ?? "more arguments"}`,
      command.name,
    );
  }
  if (positionals.length > max) {
    throw new UsageError(
      `unexpected argument "${positionals[max]}" for "dashscope ${command.name}"`,
      command.name,
    );
  }
  return { kind: "command", command, positionals, options };
}
