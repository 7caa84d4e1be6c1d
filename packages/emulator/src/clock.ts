import { setMaxListeners } from "node:events";

/** Raised by a pending sleep when its signal aborts or the clock is disposed. */
export class SleepInterruptedError extends Error {
  override readonly name = "SleepInterruptedError";
}

/**
 * Every timer of an emulator goes through one clock, so that `close()` can clear them all and the
 * process can exit, and so that model time is scaled in exactly one place.
 */
export class Clock {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #shutdownController = new AbortController();

  constructor(readonly timeScale: number) {
    // Every pending wait, stream and run listens here: hundreds at once is normal, not a leak.
    setMaxListeners(0, this.#shutdownController.signal);
  }

  /** Aborted when the emulator closes: waits end, streams end, runs stop. */
  get shutdownSignal(): AbortSignal {
    return this.#shutdownController.signal;
  }

  get disposed(): boolean {
    return this.#shutdownController.signal.aborted;
  }

  /** Converts a duration of model time (what a model takes at time scale 1) into real milliseconds. */
  scale(modelMilliseconds: number): number {
    return Math.max(0, modelMilliseconds * this.timeScale);
  }

  /** Runs `callback` after `milliseconds` of real time unless cancelled or disposed first. */
  schedule(milliseconds: number, callback: () => void): () => void {
    if (this.disposed) return () => {};
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, milliseconds);
    this.#timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
  }

  /** Waits `milliseconds` of real time; rejects with `SleepInterruptedError` on abort or disposal. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.disposed || signal?.aborted) {
        reject(new SleepInterruptedError("interrupted"));
        return;
      }
      const stop = () => {
        cancel();
        signal?.removeEventListener("abort", stop);
        this.shutdownSignal.removeEventListener("abort", stop);
        reject(new SleepInterruptedError("interrupted"));
      };
      const cancel = this.schedule(milliseconds, () => {
        signal?.removeEventListener("abort", stop);
        this.shutdownSignal.removeEventListener("abort", stop);
        resolve();
      });
      signal?.addEventListener("abort", stop, { once: true });
      this.shutdownSignal.addEventListener("abort", stop, { once: true });
    });
  }

  /** Waits `modelMilliseconds` of model time, scaled by the time scale. */
  sleepScaled(modelMilliseconds: number, signal?: AbortSignal): Promise<void> {
    return this.sleep(this.scale(modelMilliseconds), signal);
  }

  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#shutdownController.abort();
  }
}
