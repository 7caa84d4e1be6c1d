import type { Dashscope } from "dashscope";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import type { Printer } from "../printer";

export interface ShowCommandSpec<T> {
  name: string;
  arguments: string;
  summary: string;
  description?: string;
  examples?: string[];
  fetch(client: Dashscope, argument: string, signal: AbortSignal | undefined): Promise<T>;
  /** How a terminal sees it; `--json` prints the object itself. */
  show(item: T, print: Printer): void;
}

/** A command that fetches one object by one argument (an id, `owner/name`, a slug) and shows it. */
export function showCommand<T>(spec: ShowCommandSpec<T>): Command {
  return {
    name: spec.name,
    arguments: spec.arguments,
    positionals: { min: 1, max: 1 },
    summary: spec.summary,
    description: spec.description,
    examples: spec.examples,
    async run({ positionals, json, signal, client, print, redact }) {
      // Redacted before `show` encodes parts of it (an object output as JSON in a field).
      const item = redact(await spec.fetch(client(), positionals[0] as string, signal));
      if (json) print.json(item);
      else spec.show(item, print);
      return ExitCode.success;
    },
  };
}
