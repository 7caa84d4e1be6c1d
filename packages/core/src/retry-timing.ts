/** The longest server-requested wait a request sits out; past it the call fails at once instead. */
export const MAX_RETRY_AFTER = 60_000;

/**
 * How long in all a request waits out 429 answers (apart from `maxRetries`, which counts failures)
 * before it gives up with the last one's `RateLimitError`: 5 minutes.
 */
export const MAX_THROTTLED_WAIT = 300_000;

/**
 * The wait, in milliseconds, that an answer asks for in `retry-after-ms` or `Retry-After`
 * (seconds or an HTTP date), or undefined when it names none.
 */
export function retryAfterOf(headers: Headers): number | undefined {
  let wait = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  // Absent or not a number, `wait` is NaN, and NaN >= 0 is false.
  if (!(wait >= 0)) {
    const value = headers.get("retry-after") ?? "";
    // Ending in a digit: seconds (negative ones are nonsense). Anything else must be an HTTP date,
    // which ends in "GMT": a past one asks for no wait, one that does not parse gives NaN.
    wait = /\d\s*$/.test(value) ? Number(value) * 1000 : Math.max(Date.parse(value) - Date.now(), 0);
  }
  return wait >= 0 ? wait : undefined;
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 8 s, each scaled by 0.75–1. */
export function backoffDelay(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt) * (0.75 + Math.random() / 4);
}
