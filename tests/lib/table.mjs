/**
 * Prints a table row by row as checks finish, so a slow check shows what already passed. Failures keep
 * their output, printed in full after the table.
 */
export function createTable(columns) {
  const rows = [];
  const pad = (value, width) => String(value).padEnd(width);
  const line = (values) =>
    `| ${values.map((value, index) => pad(value, columns[index].width)).join(" | ")} |`;
  console.log(line(columns.map((column) => column.title)));
  console.log(`|${columns.map((column) => "-".repeat(column.width + 2)).join("|")}|`);
  return {
    rows,
    add(row) {
      rows.push(row);
      console.log(line(columns.map((column) => row[column.key] ?? "")));
    },
    failures() {
      return rows.filter((row) => row.result === "FAIL");
    },
    printFailures() {
      for (const row of this.failures()) {
        if (!row.output) continue;
        console.log(`\n--- ${row.check ?? row.runtime}: output ---\n${row.output}`);
      }
    },
    /** Every failure's output, then the closing "N passed, N failed" line; sets the exit code. */
    report() {
      this.printFailures();
      const failed = this.failures().length;
      const skipped = rows.filter((row) => row.result === "SKIP").length;
      const skippedNote = skipped > 0 ? `, ${skipped} skipped` : "";
      console.log(`\n${rows.length - failed - skipped} passed, ${failed} failed${skippedNote}`);
      process.exitCode = failed > 0 ? 1 : 0;
    },
  };
}
