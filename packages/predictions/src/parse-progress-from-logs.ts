export interface Progress {
  /** The printed percentage as a fraction from 0 to 1 (`40%` → 0.4). */
  percentage: number;
  /** Steps done. */
  current: number;
  /** Steps in all. */
  total: number;
}

// ` 40%|████      | 4/10 [00:01<00:01, 3.9it/s]`, possibly after a description (`Sampling: `).
const TQDM_LINE = /(\d+)%\s*\|[^|\r\n]*\|\s*(\d+)\/(\d+)/g;

/**
 * The progress shown by the last tqdm-style line in a prediction's logs (or in the logs themselves),
 * or `null` when there is none. tqdm redraws its line after `\r`, so every redraw counts as a line.
 */
export function parseProgressFromLogs(
  predictionOrLogs: string | { logs?: string | null | undefined } | null | undefined,
): Progress | null {
  const logs = typeof predictionOrLogs === "string" ? predictionOrLogs : predictionOrLogs?.logs;
  const last = typeof logs === "string" ? [...logs.matchAll(TQDM_LINE)].at(-1) : undefined;
  return last
    ? { percentage: Number(last[1]) / 100, current: Number(last[2]), total: Number(last[3]) }
    : null;
}
