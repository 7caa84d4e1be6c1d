import { setMaxListeners } from "node:events";

/** Raised by a pending sleep when its signal aborts or the clock is disposed. */
export class SleepInterruptedError extends Error {
  override readonly name = "SleepInterruptedError";
}

interface ManualTimer {
  due: number;
  order: number;
  callback: () => void;
}

/** The longest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMEOUT = 2 ** 31 - 1;

/** The last moment a `Date` can hold: 8.64e15 ms after 1970. */
export const LAST_DATE_MILLISECONDS = 8.64e15;

/** Lets every promise chain and I/O callback that is ready run before the next timer fires. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Every timer of an emulator goes through one clock, so that `close()` can clear them all and the
 * process can exit, so that model time is scaled in exactly one place, and so that a test can drive
 * time by hand (`manual`): then nothing happens until `advance` moves the clock.
 */
export class Clock {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #manualTimers: ManualTimer[] = [];
  readonly #shutdownController = new AbortController();
  #manualNow: number;
  #order = 0;

  constructor(
    readonly timeScale: number,
    readonly manual = false,
  ) {
    this.#manualNow = Date.now();
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

  /** Milliseconds since the epoch: the real time, or the manual clock's own. */
  now(): number {
    return this.manual ? this.#manualNow : Date.now();
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Converts a duration of model time (what a model takes at time scale 1) into clock milliseconds. */
  scale(modelMilliseconds: number): number {
    return Math.max(0, modelMilliseconds * this.timeScale);
  }

  /** Runs `callback` after `milliseconds` unless cancelled or disposed first. */
  schedule(milliseconds: number, callback: () => void): () => void {
    if (this.disposed) return () => {};
    if (this.manual) {
      const timer: ManualTimer = { due: this.#manualNow + milliseconds, order: this.#order++, callback };
      this.#manualTimers.push(timer);
      return () => {
        const index = this.#manualTimers.indexOf(timer);
        if (index !== -1) this.#manualTimers.splice(index, 1);
      };
    }
    // A longer delay is waited in parts: setTimeout fires anything over LONGEST_TIMEOUT after 1 ms.
    let timer: ReturnType<typeof setTimeout>;
    const arm = (remaining: number) => {
      timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          if (remaining > LONGEST_TIMEOUT) arm(remaining - LONGEST_TIMEOUT);
          else callback();
        },
        Math.min(remaining, LONGEST_TIMEOUT),
      );
      this.#timers.add(timer);
    };
    arm(milliseconds);
    return () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
  }

  /**
   * Moves a manual clock forward, firing each timer that falls due in order, and letting what each
   * one starts (a model's next step, a new timer) run before the next, as real time would.
   */
  async advance(milliseconds: number): Promise<void> {
    if (!this.manual) throw new Error('advance() needs an emulator created with clock: "manual".');
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError("advance() takes a number of milliseconds of 0 or more.");
    }
    const target = this.#manualNow + milliseconds;
    if (target > LAST_DATE_MILLISECONDS) {
      // Past it every time shown (created_at, a deadline) would be an invalid date, and stay one.
      throw new RangeError("advance() cannot move the clock past the last date there is (+275760-09-13).");
    }
    await settle();
    for (;;) {
      const next = this.#manualTimers
        .filter((timer) => timer.due <= target)
        .sort((left, right) => left.due - right.due || left.order - right.order)[0];
      if (!next || this.disposed) break;
      this.#manualTimers.splice(this.#manualTimers.indexOf(next), 1);
      this.#manualNow = Math.max(this.#manualNow, next.due);
      next.callback();
      await settle();
    }
    this.#manualNow = target;
    await settle();
  }

  /** Waits `milliseconds` of clock time; rejects with `SleepInterruptedError` on abort or disposal. */
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
    this.#manualTimers.length = 0;
    this.#shutdownController.abort();
  }
}
