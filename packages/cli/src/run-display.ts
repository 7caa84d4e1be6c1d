import cliProgress from "cli-progress";
import { type Progress, parseProgressFromLogs } from "dashscope";
import type { OutputStream } from "./cli-io";

/** What the display reads of a prediction or training. */
export interface RunState {
  id: string;
  status: string;
  logs?: string | null | undefined;
}

/** Shows a prediction or training as it runs, on stderr, so stdout keeps only the output. */
export interface RunDisplay {
  /** A new state: the status, and the progress its logs show. */
  update(state: RunState): void;
  /** The run is over (or the CLI is leaving): ends the bar and its line. */
  stop(): void;
}

const TERMINAL = ["succeeded", "failed", "canceled", "aborted"];

/** Plain lines: one per status change and one per new percentage, for logs, pipes and CI. */
function plainDisplay(stream: OutputStream, noun: string): RunDisplay {
  let status = "";
  let percent = -1;
  return {
    update(state) {
      if (state.status !== status) {
        status = state.status;
        stream.write(`${noun} ${state.id} ${status}\n`);
      }
      const progress = parseProgressFromLogs(state);
      if (progress && Math.round(progress.percentage * 100) !== percent && !TERMINAL.includes(state.status)) {
        percent = Math.round(progress.percentage * 100);
        stream.write(`progress ${percent}% (${progress.current}/${progress.total})\n`);
      }
    },
    stop() {},
  };
}

const PROGRESS_FORMAT = "{status} |{bar}| {percentage}% | {value}/{total} | {rate} | ETA {eta_formatted}";
const STATUS_FORMAT = "{status} {id} | {duration_formatted}";

/**
 * A terminal line drawn by cli-progress: the status and elapsed time until the logs show progress, then
 * a bar with percentage, count, rate and ETA. The rate is measured here, from the first progress seen.
 */
function barDisplay(stream: OutputStream): RunDisplay {
  const startedAt = Date.now();
  let first: { at: number; current: number } | undefined;
  let progress: Progress | null = null;
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: (options, params, payload) =>
      cliProgress.Format.Formatter(
        { ...options, format: payload.hasProgress ? PROGRESS_FORMAT : STATUS_FORMAT },
        params,
        payload,
      ),
    barCompleteChar: "█",
    barIncompleteChar: "░",
    barsize: 30,
    hideCursor: true,
    etaBuffer: 5,
    fps: 10,
  });
  // Steps a second since progress was first seen; from the start of the run while there is one sighting.
  const rateOf = (current: number, now: number) => {
    const [steps, milliseconds] =
      first && now > first.at && current > first.current
        ? [current - first.current, now - first.at]
        : [current, now - startedAt];
    return milliseconds > 0 ? `${((steps * 1000) / milliseconds).toFixed(1)} it/s` : "- it/s";
  };
  let started = false;
  return {
    update(state) {
      progress = parseProgressFromLogs(state) ?? progress;
      const now = Date.now();
      if (progress && !first) first = { at: now, current: progress.current };
      const payload = {
        status: state.status.padEnd(10),
        id: state.id,
        hasProgress: Boolean(progress),
        rate: progress ? rateOf(progress.current, now) : "",
      };
      const total = progress?.total || 1;
      const value = progress ? progress.current : state.status === "succeeded" ? 1 : 0;
      if (!started) {
        started = true;
        bar.start(total, value, payload);
        return;
      }
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(value, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * The progress display for `run`: a cli-progress bar on a terminal, plain lines elsewhere or when asked
 * (`--no-progress`).
 */
export function createRunDisplay(stream: OutputStream, options: { bar: boolean; noun?: string }): RunDisplay {
  return options.bar && stream.isTTY
    ? barDisplay(stream)
    : plainDisplay(stream, options.noun ?? "prediction");
}
