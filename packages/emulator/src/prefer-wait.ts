import type { Clock } from "./clock";
import type { RunRecord } from "./run-record";

/** The longest hold docs/api.md allows, in seconds. */
const MAX_WAIT_SECONDS = 60;

/**
 * Reads `Prefer: wait` / `Prefer: wait=N` (among other preferences) into seconds, clamped to 1..60,
 * or null when the request does not ask to wait.
 */
export function parsePreferWait(header: string | null): number | null {
  if (header === null) return null;
  for (const preference of header.split(",")) {
    const [name, value] = preference.split("=").map((part) => part.trim());
    if (name?.toLowerCase() !== "wait") continue;
    if (value === undefined || value === "") return MAX_WAIT_SECONDS;
    const seconds = Number(value.replace(/^"|"$/g, ""));
    if (!Number.isFinite(seconds)) return null;
    return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.floor(seconds)));
  }
  return null;
}

/**
 * Resolves when the run is terminal, `seconds` of real time have passed (the window is part of the
 * API contract, so it is not time-scaled), or the emulator closes.
 */
export function waitForTerminal(record: RunRecord, seconds: number, clock: Clock): Promise<void> {
  if (record.terminal || clock.disposed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const finish = () => {
      unsubscribe();
      cancelTimer();
      clock.shutdownSignal.removeEventListener("abort", finish);
      resolve();
    };
    const unsubscribe = record.subscribe(() => {
      if (record.terminal) finish();
    });
    const cancelTimer = clock.schedule(seconds * 1000, finish);
    clock.shutdownSignal.addEventListener("abort", finish, { once: true });
  });
}
