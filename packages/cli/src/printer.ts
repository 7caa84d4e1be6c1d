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

/**
 * Writes to `io`. `redact` blanks the token out of values before they are encoded as JSON (into the
 * output, a table cell or a field), where an echo of it escaped once would be escaped twice.
 */
export function createPrinter(io: CliIo, redact: <T>(value: T) => T = (value) => value): Printer {
  const line = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
  return {
    json: (value) => io.stdout.write(`${JSON.stringify(redact(value), null, 2)}\n`),
    text: (text) => io.stdout.write(line(text)),
    table: (columns, rows) =>
      io.stdout.write(
        renderTable(columns, redact(rows), { terminal: Boolean(io.stdout.isTTY), width: io.stdout.columns }),
      ),
    fields: (fields) => io.stdout.write(renderFields(redact(fields))),
    note: (text) => io.stderr.write(line(text)),
  };
}
