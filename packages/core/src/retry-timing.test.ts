import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterOf } from "./retry-timing";

describe("retryAfterOf", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterOf(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterOf(new Headers({ "retry-after": "0.5" }))).toBe(500);
    expect(retryAfterOf(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const wait = retryAfterOf(new Headers({ "retry-after": inTenSeconds })) ?? 0;
    expect(wait).toBeGreaterThan(8_000);
    expect(wait).toBeLessThanOrEqual(10_000);
    expect(retryAfterOf(new Headers({ "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }))).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(retryAfterOf(new Headers())).toBeUndefined();
    expect(retryAfterOf(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterOf(new Headers({ "retry-after": "-1" }))).toBeUndefined();
    expect(retryAfterOf(new Headers({ "retry-after-ms": "x" }))).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially with jitter and a cap", () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const delay = backoffDelay(attempt);
      const base = Math.min(8000, 500 * 2 ** attempt);
      expect(delay).toBeGreaterThanOrEqual(base * 0.75);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });
});
