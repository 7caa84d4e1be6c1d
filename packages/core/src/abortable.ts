import { AbortError } from "./errors/abort-error";

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}

/** Waits `milliseconds`, or rejects with an `AbortError` as soon as `signal` aborts; leaves no timer behind. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One request attempt's signal: aborts when the caller's signal does or when `timeout` passes.
 * `release` stops the clock once the answer's headers are in; the caller's signal still reaches the
 * body after that where `AbortSignal.any` exists (Node 18 lacks it, so there it is composed by hand
 * and let go with the clock, to leave no listener on a long-lived signal).
 */
export function attemptSignal(signal: AbortSignal | undefined, timeout: number) {
  const clock = new AbortController();
  const timer = setTimeout(() => clock.abort(), timeout);
  let combined = clock.signal;
  let onAbort: (() => void) | undefined;
  if (signal) {
    if (AbortSignal.any) combined = AbortSignal.any([signal, clock.signal]);
    else {
      onAbort = () => clock.abort();
      signal.addEventListener("abort", onAbort, { once: true });
    }
  }
  return {
    signal: combined,
    timedOut: () => clock.signal.aborted && !signal?.aborted,
    release() {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    },
  };
}
