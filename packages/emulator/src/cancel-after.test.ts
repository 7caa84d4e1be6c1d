import { describe, expect, it } from "vitest";
import { parseCancelAfter } from "./cancel-after";
import { HttpProblem } from "./http-problem";

describe("parseCancelAfter", () => {
  it("reads the document's formats: units s, m, h combined in that order, or bare seconds", () => {
    expect(parseCancelAfter(null)).toBeNull();
    expect(parseCancelAfter("30s")).toBe(30);
    expect(parseCancelAfter("5m")).toBe(300);
    expect(parseCancelAfter("2h")).toBe(7200);
    expect(parseCancelAfter("1h30m45s")).toBe(5445);
    expect(parseCancelAfter("2h30m")).toBe(9000);
    expect(parseCancelAfter("30")).toBe(30);
    expect(parseCancelAfter(" 90s ")).toBe(90);
    expect(parseCancelAfter("5")).toBe(5);
  });

  it.each(["", "s", "5x", "1m1h", "1.5s", "-10", "5 m", "10ms", "PT5M"])(
    "refuses %j with a 400 naming the formats",
    (value) => {
      const error = (() => {
        try {
          parseCancelAfter(value);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(HttpProblem);
      expect(error).toMatchObject({
        status: 400,
        detail: expect.stringMatching(/Cancel-After must be a duration/),
      });
    },
  );

  it.each(["4s", "4", "0", "0m"])("refuses %j, under the five-second minimum, with a 400", (value) => {
    expect(() => parseCancelAfter(value)).toThrow(/at least 5 seconds/);
  });
});
