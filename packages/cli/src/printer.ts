import type { CliIo } from "./cli-io";
import { renderFields, renderTable } from "./render-table";

/** How commands write: results on stdout (JSON, tables, fields or text), notes on stderr. */
export interface Printer {
  json(value: unknown): void;
  text(text: string): void;
  table(columns: string[], rows: unknown[][]): void;
  fields(fields: [string, unknown][]): void;
  /** Progress and hints, on stderr, so stdout stays the result alone. */
  note(text: string): void;
}

export function createPrinter(io: CliIo): Printer {
  const line = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
  return {
    json: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    text: (text) => io.stdout.write(line(text)),
    table: (columns, rows) =>
      io.stdout.write(
        renderTable(columns, rows, { terminal: Boolean(io.stdout.isTTY), width: io.stdout.columns }),
      ),
    fields: (fields) => io.stdout.write(renderFields(fields)),
    note: (text) => io.stderr.write(line(text)),
  };
}
