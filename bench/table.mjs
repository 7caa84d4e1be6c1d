// Tables are printed as Markdown, so that what a run prints can be pasted into the README as it is.

/**
 * @typedef {object} Table
 * @property {string} title
 * @property {string[]} columns Column headers; the first column is the row's label.
 * @property {(string | number)[][]} rows Cells, already formatted (numbers are printed as they are).
 * @property {string[]} [notes] Lines printed under the table.
 */

/** Right-aligns every column but the first, since the others hold figures. */
export function formatTable({ title, columns, rows, notes = [] }) {
  const cells = [columns, ...rows.map((row) => row.map(String))];
  const widths = columns.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? "").length)));
  const line = (row) =>
    `| ${widths
      .map((width, column) =>
        column === 0 ? (row[column] ?? "").padEnd(width) : (row[column] ?? "").padStart(width),
      )
      .join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [`### ${title}`, "", line(columns), rule, ...rows.map((row) => line(row.map(String))), "", ...notes]
    .join("\n")
    .trimEnd();
}

/** "0.42×": ours divided by replicate's, or "–" when either figure is missing. */
export function ratio(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return "–";
  const value = ours / theirs;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
}

/** A figure with a fixed number of decimals, or "–" when it is missing. */
export function figure(value, decimals = 1, unit = "") {
  return Number.isFinite(value) ? `${value.toFixed(decimals)}${unit}` : "–";
}

/** "962 ms (901–1040)": a median and, in brackets, the smallest and largest sample, as `spread()` gives them. */
export function figureWithSpread({ median, min, max }, decimals = 1, unit = "") {
  if (!Number.isFinite(median)) return "–";
  return `${figure(median, decimals, unit)} (${min.toFixed(decimals)}–${max.toFixed(decimals)})`;
}
