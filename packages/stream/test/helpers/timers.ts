import { vi } from "vitest";

/**
 * Wraps `setTimeout`/`clearTimeout` to see which of our timers are still pending and which delays were asked
 * for, without asserting on the clock. Timers whose delay `instant` picks fire at once, so that long
 * waits cost the test nothing. Call `vi.restoreAllMocks()` afterwards.
 */
export function trackTimers({ instant = (_delay: number): boolean => false } = {}) {
  const pending = new Set<unknown>();
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((
    callback: (...parameters: unknown[]) => void,
    delay?: number,
    ...parameters: unknown[]
  ) => {
    // Node's fetch (undici) keeps its own connection timers; only ours and core's count.
    if (new Error().stack?.includes("undici")) return realSetTimeout(callback, delay, ...parameters);
    delays.push(delay ?? 0);
    const timer = realSetTimeout(
      () => {
        pending.delete(timer);
        callback(...parameters);
      },
      instant(delay ?? 0) ? 0 : delay,
    );
    pending.add(timer);
    return timer;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, "clearTimeout").mockImplementation((timer) => {
    pending.delete(timer);
    realClearTimeout(timer);
  });
  return { pending, delays };
}
