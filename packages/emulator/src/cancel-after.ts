import { type Clock, LAST_DATE_MILLISECONDS } from "./clock";
import { HttpProblem } from "./http-problem";
import type { RunRecord } from "./run-record";

/** The shortest deadline the service takes. */
export const MINIMUM_CANCEL_AFTER_SECONDS = 5;

const UNIT_SECONDS = { h: 3600, m: 60, s: 1 } as const;

/**
 * Reads a `Cancel-After` header: `30s`, `5m`, `1h30m45s` (units in that order, each at most once), or
 * bare seconds (`30`). Answers seconds, or null when the header is absent; a malformed value, one
 * under five seconds, or one whose deadline (from `nowMilliseconds`) is past the last date there is,
 * is a 400, since the header (not the body) is what is wrong.
 */
export function parseCancelAfter(header: string | null, nowMilliseconds = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  const malformed = () =>
    new HttpProblem(
      400,
      `Cancel-After must be a duration such as "30s", "5m" or "1h30m45s", or a number of seconds (got ${JSON.stringify(header)}).`,
    );
  let seconds: number;
  if (/^\d+$/.test(value)) {
    seconds = Number(value);
  } else {
    const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
    if (value === "" || !match) throw malformed();
    const [, hours = "0", minutes = "0", rest = "0"] = match;
    seconds = Number(hours) * UNIT_SECONDS.h + Number(minutes) * UNIT_SECONDS.m + Number(rest);
  }
  if (!Number.isSafeInteger(seconds)) throw malformed();
  if (nowMilliseconds + seconds * 1000 > LAST_DATE_MILLISECONDS) {
    throw new HttpProblem(
      400,
      `Cancel-After must end before the last date there is, +275760-09-13 (got ${JSON.stringify(header)}).`,
    );
  }
  if (seconds < MINIMUM_CANCEL_AFTER_SECONDS) {
    throw new HttpProblem(
      400,
      `Cancel-After must be at least ${MINIMUM_CANCEL_AFTER_SECONDS} seconds (got ${JSON.stringify(header)}).`,
    );
  }
  return seconds;
}

/**
 * Gives a run its deadline, measured from its creation on the emulator's clock (real or manual, not
 * scaled: a deadline is the caller's time, not the model's). Then a run not yet started ends
 * `aborted`, and one still running is canceled, as the service does.
 */
export function scheduleDeadline(record: RunRecord, seconds: number, clock: Clock): void {
  const deadline = new Date(record.createdAt.getTime() + seconds * 1000);
  record.deadline = deadline;
  const cancelTimer = clock.schedule(Math.max(0, deadline.getTime() - clock.now()), () => {
    if (record.status === "starting") record.abortBeforeStart();
    else record.cancel();
  });
  const unsubscribe = record.subscribe((change) => {
    if (change !== "completed") return;
    cancelTimer();
    unsubscribe();
  });
}
