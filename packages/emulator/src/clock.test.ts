import { afterEach, describe, expect, it, vi } from "vitest";
import { Clock } from "./clock";

afterEach(() => {
  vi.useRealTimers();
});

describe("Clock.schedule on the real clock", () => {
  // setTimeout takes at most 2^31 - 1 ms (24.8 days) and fires a longer delay after 1 ms: a
  // Cancel-After of "720h" canceled its prediction at once.
  it("fires a delay longer than setTimeout takes when it is due, not at once", () => {
    vi.useFakeTimers();
    const clock = new Clock(1, false);
    const fired = vi.fn();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    clock.schedule(thirtyDays, fired);
    vi.advanceTimersByTime(thirtyDays - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("cancels a long delay in any of its parts", () => {
    vi.useFakeTimers();
    const clock = new Clock(1, false);
    const fired = vi.fn();
    const cancel = clock.schedule(60 * 24 * 60 * 60 * 1000, fired);
    vi.advanceTimersByTime(2 ** 31);
    cancel();
    vi.runAllTimers();
    expect(fired).not.toHaveBeenCalled();
  });
});
