import type { Dashscope, DashscopeOptions } from "dashscope";
import type { CliIo } from "./cli-io";
import type { Printer } from "./printer";

/** One option of a command, as `util.parseArgs` takes it, with what `--help` shows. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in help: `<dir>`. */
  value?: string;
  /** A string option that may be given again and again; its value is then the list of them all. */
  multiple?: boolean;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  io: CliIo;
  /** The arguments after the command's name. */
  positionals: string[];
  options: OptionValues;
  /** `--json`: print JSON instead of tables and text. */
  json: boolean;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal | undefined;
  /** The API client from `--token`/`DASHSCOPE_API_TOKEN` and `--base-url`/`DASHSCOPE_BASE_URL`. */
  client(overrides?: Pick<DashscopeOptions, "fileEncodingStrategy">): Dashscope;
  print: Printer;
  /**
   * A copy of a server answer (or any text) with the token the client sends blanked out of every
   * string: for answers the command encodes itself, and for what it writes elsewhere than `io`.
   * What goes through `io` and `print` is redacted in any case.
   */
  redact<T>(value: T): T;
  /** The tokens `redact` blanks (none before the command made a client), for redactors of its own. */
  secrets(): readonly (string | undefined)[];
}

/** A command: `run`, or one verb of a group, `predictions list`. */
export interface Command {
  /** `run`, `predictions list`. */
  name: string;
  /** The positional arguments as help shows them: `<owner/name[:version]> [key=value ...]`. */
  arguments?: string;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  summary: string;
  /** More help, shown by `--help`. */
  description?: string;
  options?: Record<string, OptionSpec>;
  examples?: string[];
  /** Answers the exit code. */
  run(context: CommandContext): Promise<number>;
}
