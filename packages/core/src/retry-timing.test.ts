import { describe, expect, it, vi } from "vitest";
import { backoffDelay, retryAfterOf } from "./retry-timing";

describe("retryAfterOf", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterOf(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterOf(new Headers({ "retry-after": "0.5" }))).toBe(500);
    expect(retryAfterOf(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    try {
      expect(retryAfterOf(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }))).toBe(10_000);
    } finally {
      vi.useRealTimers();
    }
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
