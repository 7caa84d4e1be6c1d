import { describe, expect, it } from "vitest";
import { createClient, isInvalidArgumentError } from "../src/index";

describe("the cleanupTimeout setting", () => {
  it("defaults to 10 s and takes a whole number of milliseconds", () => {
    expect(createClient({ auth: "t" }).cleanupTimeout).toBe(10_000);
    expect(createClient({ auth: "t", cleanupTimeout: 250 }).cleanupTimeout).toBe(250);
  });

  it.each([[0], [-1], [1.5], ["5"], [Number.POSITIVE_INFINITY], [Number.NaN], [null]])(
    "refuses %j with an InvalidArgumentError naming it",
    (cleanupTimeout) => {
      let error: unknown;
      try {
        createClient({ auth: "t", cleanupTimeout: cleanupTimeout as number });
      } catch (caught) {
        error = caught;
      }
      expect(isInvalidArgumentError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ argument: "cleanupTimeout" });
    },
  );
});
