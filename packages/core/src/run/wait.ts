import { sleep } from "../abortable";
import type { Client } from "../client";
import { invalidArgument } from "../errors/invalid-argument-error";
import { TimeoutError } from "../errors/timeout-error";
import { requestText } from "../request";
import { checkWholeNumber } from "../whole-number";
import { checkRunAnswer, isTerminal } from "./status";

export interface WaitOptions {
  /** Pause between polls when the server does not hold the answer (long poll). Defaults to 500 ms. */
  interval?: number | undefined;
  /** Give up after this many milliseconds with a `TimeoutError`. Defaults to waiting for ever. */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Called with each update; returning `true` stops the wait with that update. */
export type OnUpdate<T> = (update: T) => unknown;

/**
 * Follows a prediction or training at `route` until it is terminal. Each GET asks the server to hold
 * the answer (`Prefer: wait=N`); a server that does so says `Preference-Applied` and is asked again
 * once the hold is over, any other is polled every `interval`. Either way a request starts no sooner
 * than `interval` after the last one did. With `onUpdate`, each hold lasts about one `interval`
 * (at least a second), so progress is seen as it happens; without, it lasts up to 60 s.
 */
export async function waitFor<T extends { status: string }>(
  client: Client,
  current: T,
  route: string,
  { interval = 500, timeout, signal }: WaitOptions = {},
  onUpdate?: OnUpdate<T>,
): Promise<T> {
  checkWholeNumber(interval, "interval");
  // 0 is allowed: a caller with a deadline of its own may have none of it left.
  if (timeout !== undefined) checkWholeNumber(timeout, "timeout");
  if (onUpdate !== undefined && typeof onUpdate !== "function") {
    throw invalidArgument("onUpdate", "a function", onUpdate);
  }
  const deadline = Date.now() + (timeout ?? Number.POSITIVE_INFINITY);
  // The server's longest hold is 60 s.
  const window = onUpdate ? Math.max(1, Math.ceil(interval / 1000)) : 60;
  while (!isTerminal(current.status)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new TimeoutError(`Still ${current.status} after waiting ${timeout} ms: ${route}`);
    // Whole seconds that end before the deadline; under one second left, a plain GET.
    const seconds = Math.min(window, Math.floor(remaining / 1000));
    const started = Date.now();
    const [response, text] = await requestText(client, route, {
      signal,
      headers: seconds ? { Prefer: `wait=${seconds}` } : {},
      // A held answer may legitimately take `seconds`; the per-attempt limit starts after that.
      timeout: client.timeout + seconds * 1000,
    });
    // Read in whole within the attempt, so a body cut off or aborted midway was thrown as such
    // above; a body that is not JSON leaves the update undefined, which is refused.
    let update: unknown;
    try {
      update = JSON.parse(text as string);
    } catch {}
    current = checkRunAnswer(client, update, `GET ${route}`);
    if ((await onUpdate?.(current)) === true) return current;
    if (!isTerminal(current.status)) {
      // The next request starts `interval` after the last one started, or once its hold is over: a held
      // answer that is not terminal took its whole hold (so the next is sent at once), and one that
      // came back sooner was replayed by a framework's fetch cache or a proxy; asking again at once
      // would spin. The hold is the seconds the answer says were applied ("wait=1"), at most those asked.
      const applied = response.headers.get("preference-applied");
      const hold = applied ? Math.min(seconds, +applied.slice(5) || seconds) * 1000 : 0;
      const pause = Math.max(interval, hold) - (Date.now() - started);
      await sleep(Math.max(0, Math.min(pause, deadline - Date.now())), signal);
    }
  }
  return current;
}
