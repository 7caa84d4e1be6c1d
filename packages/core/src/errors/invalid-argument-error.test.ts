import { describe, expect, it } from "vitest";
import { isInvalidArgumentError } from "./guards";
import { invalidArgument } from "./invalid-argument-error";

describe("invalidArgument", () => {
  it("names the argument, what it takes and what it got", () => {
    const error = invalidArgument("wait", "true or a whole number of seconds from 1 to 60", "5");
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "wait", name: "InvalidArgumentError" });
    expect(error.message).toBe(
      'Invalid wait: expected true or a whole number of seconds from 1 to 60, got "5"',
    );
  });

  it.each([
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [-1.5, "-1.5"],
    [null, "null"],
    [undefined, "undefined"],
    [() => 1, "function"],
    [10n, "bigint"],
    [{ a: [1, "b"] }, '{"a":[1,"b"]}'],
  ])("shows %s as %s", (value, shown) => {
    expect(invalidArgument("x", "y", value).message).toBe(`Invalid x: expected y, got ${shown}`);
  });

  it("cuts a long value short and survives one that has no JSON", () => {
    expect(invalidArgument("x", "y", "z".repeat(500)).message).toBe(
      `Invalid x: expected y, got "${"z".repeat(79)}…`,
    );
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(invalidArgument("x", "y", circular).message).toBe("Invalid x: expected y, got object");
  });
});
