import { invalidArgument } from "../errors/invalid-argument-error";

/**
 * The `Prefer` header for a create that should be held until the prediction finishes: `true` asks
 * for the server's longest wait (60 s), a number for that many seconds (1–60).
 */
export function preferWaitHeader(wait: boolean | number | undefined): Record<string, string> {
  if (
    wait !== undefined &&
    typeof wait !== "boolean" &&
    !(Number.isInteger(wait) && wait >= 1 && wait <= 60)
  ) {
    throw invalidArgument("wait", "true or a whole number of seconds from 1 to 60", wait);
  }
  return wait ? { Prefer: wait === true ? "wait" : `wait=${wait}` } : {};
}
