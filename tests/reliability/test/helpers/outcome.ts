export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** How `call` ended, whether it threw at once, rejected or resolved. Never throws. */
export async function outcomeOf<T>(call: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What `call` threw or rejected with; a resolution is a test failure. */
export { rejectionOf } from "test-helpers";

/** Polls `condition` every 10 ms, at most `limit` times; true once it holds. */
export async function eventually(condition: () => boolean, limit = 500): Promise<boolean> {
  for (let attempt = 0; attempt < limit; attempt++) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}
