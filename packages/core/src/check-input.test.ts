import { describe, expect, it } from "vitest";
import { checkInput, MAX_DATA_URI_BYTES } from "./check-input";
import { isInvalidArgumentError } from "./errors/guards";

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

  it("counts file sizes against the data-URI limit only when files become data URIs", () => {
    const big = new Uint8Array(MAX_DATA_URI_BYTES + 1);
    expect(refusal({ big }).message).toMatch(/more than 10 MB/);
    expect(() => checkInput({ big }, false)).not.toThrow();
  });
});
