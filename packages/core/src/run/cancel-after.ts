import { invalidArgument } from "../errors/invalid-argument-error";

// "1h30m45s" (each unit optional, in this order) or bare seconds ("30"), as the header takes them.
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$|^(\d+)$/;

/**
 * The `Cancel-After` header: a deadline the server keeps, counted from the create, after which it
 * cancels the prediction (or aborts it, if it has not started). `value` is a duration string ("30s",
 * "5m", "1h30m45s", bare seconds "30") or a whole number of seconds; the server's minimum is 5 s.
 * Nothing when `value` is undefined.
 */
export function cancelAfterHeader(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  // No match (a fraction, a sign, another unit, another type) reads as 0 seconds: too short, refused.
  const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
  const [, hours = 0, minutes = 0, seconds = 0, bare = 0] = DURATION.exec(text) ?? [];
  if (+hours * 3600 + +minutes * 60 + +seconds + +bare < 5) {
    throw invalidArgument(
      "cancelAfter",
      'at least 5 seconds, as "30s", "5m", "1h30m45s" or whole seconds',
      value,
    );
  }
  return { "Cancel-After": text };
}
