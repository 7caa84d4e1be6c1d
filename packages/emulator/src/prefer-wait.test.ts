import { describe, expect, it } from "vitest";
import { parsePreferWait } from "./prefer-wait";

describe("parsePreferWait", () => {
  it("reads wait and wait=N among other preferences, clamped to 1..60", () => {
    expect(parsePreferWait(null)).toBeNull();
    expect(parsePreferWait("respond-async")).toBeNull();
    expect(parsePreferWait("wait")).toBe(60);
    expect(parsePreferWait("wait=5")).toBe(5);
    expect(parsePreferWait("respond-async, wait=10")).toBe(10);
    expect(parsePreferWait("WAIT=600")).toBe(60);
    expect(parsePreferWait("wait=0")).toBe(1);
    expect(parsePreferWait("wait=soon")).toBeNull();
  });
});
