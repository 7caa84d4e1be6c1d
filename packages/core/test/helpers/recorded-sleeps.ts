import { beforeEach, vi } from "vitest";
import type * as Abortable from "../../src/abortable";

/**
 * Every wait the client asks for, recorded instead of measured on the clock; `instant` skips them.
 * A test file installs it with
 *   vi.mock("../src/abortable", async (original) => (await import("./helpers/recorded-sleeps")).recordingSleeps(await original()));
 * and reads `sleeps`; both are reset before each test. `instant` skips the waits; `movesClock` moves a
 * faked `Date` on by each one, as if it had passed.
 */
export const sleeps = { delays: [] as number[], instant: false, movesClock: false };

beforeEach(() => {
  sleeps.delays.length = 0;
  sleeps.instant = false;
  sleeps.movesClock = false;
});

/** The `abortable` module with a `sleep` that records each delay into `sleeps`. */
export function recordingSleeps(original: typeof Abortable): typeof Abortable {
  return {
    ...original,
    sleep: (milliseconds, signal) => {
      sleeps.delays.push(milliseconds);
      // With a faked `Date` (vi.useFakeTimers({ toFake: ["Date"] })), an instant sleep still passes its time.
      if (sleeps.movesClock) vi.setSystemTime(Date.now() + milliseconds);
      return original.sleep(sleeps.instant ? 0 : milliseconds, signal);
    },
  };
}
