import type { Dashscope, Page } from "dashscope";
import type { Command, CommandContext } from "../command";
import { ExitCode } from "../exit-codes";

export interface ListCommandSpec<T> {
  name: string;
  summary: string;
  arguments?: string;
  positionals?: { min: number; max: number };
  fetchPage(client: Dashscope, context: CommandContext, cursor: string | undefined): Promise<Page<T>>;
  columns: string[];
  row(item: T): unknown[];
  examples?: string[];
}

/** The cursor of a page URL: what `--cursor` takes to show that page. */
function cursorOf(url: string): string {
  try {
    return new URL(url).searchParams.get("cursor") ?? url;
  } catch {
    return url;
  }
}

/**
 * A command that shows one page of a list: a table (tab-separated off a terminal) or, with `--json`,
 * the page itself (`{ previous, next, results }`). `--cursor` picks another page.
 */
export function listCommand<T>(spec: ListCommandSpec<T>): Command {
  return {
    name: spec.name,
    arguments: spec.arguments,
    positionals: spec.positionals ?? { min: 0, max: 0 },
    summary: spec.summary,
    options: {
      cursor: {
        type: "string",
        value: "<cursor>",
        description: "show the page at this cursor (from the hint below a table, or a page's next URL)",
      },
    },
    examples: spec.examples,
    async run(context) {
      const cursor = context.options.cursor as string | undefined;
      const page = context.redact(await spec.fetchPage(context.client(), context, cursor));
      if (context.json) {
        context.print.json(page);
        return ExitCode.success;
      }
      context.print.table(spec.columns, page.results.map(spec.row));
      if (page.next && context.io.stdout.isTTY) {
        const words = [spec.name, ...context.positionals].join(" ");
        context.print.note(`More: dashscope ${words} --cursor ${cursorOf(page.next)}`);
      }
      return ExitCode.success;
    },
  };
}
