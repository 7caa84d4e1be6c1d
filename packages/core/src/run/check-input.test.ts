import { describe, expect, it } from "vitest";
import { isInvalidArgumentError } from "../errors/guards";
import { checkInput } from "./check-input";

function refusal(input: unknown, dataUris = true) {
  try {
    checkInput(input, dataUris);
  } catch (error) {
    expect(isInvalidArgumentError(error)).toBe(true);
    return error as Error & { argument: string };
  }
  throw new Error("expected a refusal");
}

describe("checkInput", () => {
  it.each([
    [{ n: 1n }, "input.n", /got a BigInt/],
    [{ list: [0, Number.NaN] }, "input.list[1]", /got NaN/],
    [{ deep: { "odd key": Number.NEGATIVE_INFINITY } }, 'input.deep["odd key"]', /got -Infinity/],
    [{ when: new Date(0) }, "input.when", /got a Date/],
    [{ table: new Map() }, "input.table", /got a Map/],
    [{ tags: new Set() }, "input.tags", /got a Set/],
  ])("refuses %o at %s", (input, argument, message) => {
    const error = refusal(input);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
  });

  it("refuses a cycle, and allows the same object twice", () => {
    const shared = { a: 1 };
    expect(() => checkInput({ x: shared, y: [shared] }, true)).not.toThrow();
    const cycle: Record<string, unknown> = {};
    cycle.items = [cycle];
    expect(refusal({ cycle }).argument).toBe("input.cycle.items[0]");
  });

  it("refuses a file input, naming it, when the client has no fileEncodingStrategy", () => {
    const error = refusal({ images: [new Blob(["x"])] }, false);
    expect(error.argument).toBe("input.images[0]");
    expect(error.message).toMatch(/got a file.*fileEncodingStrategy/);
    expect(refusal({ bytes: new Uint8Array(1) }, false).argument).toBe("input.bytes");
  });

  it("answers the file inputs' total size when there is a strategy", () => {
    expect(checkInput({ a: new Uint8Array(3), b: [new Blob(["xy"])], c: "z" }, true)).toBe(5);
    expect(checkInput({ c: "z" }, false)).toBe(0);
  });
});
