function clock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}

/**
 * A progress line as Python's tqdm prints it (`  40%|████      | 4/10 [00:01<00:01, 3.9it/s]`), the
 * shape clients parse to report progress from logs.
 */
export function tqdmLine(step: number, total: number, secondsPerStep: number): string {
  const fraction = total === 0 ? 1 : step / total;
  const percent = `${Math.floor(fraction * 100)}`.padStart(3, " ");
  const filled = Math.floor(fraction * 10);
  const bar = "█".repeat(filled) + " ".repeat(10 - filled);
  const elapsed = step * secondsPerStep;
  const remaining = (total - step) * secondsPerStep;
  // Before any step has taken time tqdm cannot know the rate, and says so.
  const rate = secondsPerStep > 0 ? (1 / secondsPerStep).toFixed(1) : "?";
  return ` ${percent}%|${bar}| ${step}/${total} [${clock(elapsed)}<${clock(remaining)}, ${rate}it/s]`;
}
