/** One cell as one line: tabs and newlines inside a value would break the columns. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/[\t\r\n]+/g, " ");
}

function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

export interface TableOptions {
  /** On a terminal: a header, aligned columns, and the last column cut to `width`. */
  terminal: boolean;
  width?: number | undefined;
}

/**
 * Rows as a table. On a terminal, aligned columns under a header; elsewhere, tab-separated values with
 * no header, the shape `cut`, `awk` and `sort` read (as `gh` does).
 */
export function renderTable(columns: string[], rows: unknown[][], options: TableOptions): string {
  const cells = rows.map((row) => columns.map((_, index) => cell(row[index])));
  if (!options.terminal) return cells.map((row) => `${row.join("\t")}\n`).join("");
  const header = columns.map((column) => column.toUpperCase());
  const widths = header.map((title, index) =>
    Math.max(title.length, ...cells.map((row) => (row[index] ?? "").length)),
  );
  const lastWidth = (width: number | undefined) => {
    const before = widths.slice(0, -1).reduce((sum, columnWidth) => sum + columnWidth + 2, 0);
    // One column spare: a line that fills the terminal exactly makes some terminals wrap.
    return width ? Math.max(10, width - before - 1) : Number.POSITIVE_INFINITY;
  };
  const limit = lastWidth(options.width);
  const line = (row: string[]) =>
    row
      .map((text, index) =>
        index === row.length - 1 ? truncate(text, limit) : text.padEnd(widths[index] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [header, ...cells].map((row) => `${line(row)}\n`).join("");
}

/** `key  value` lines, keys aligned, for one object; values that are objects are shown as JSON. */
export function renderFields(fields: [string, unknown][]): string {
  const shown = fields.filter(([, value]) => value !== undefined && value !== null && value !== "");
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}\n`).join("");
}
