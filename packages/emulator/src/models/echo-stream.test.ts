import { describe, expect, it } from "vitest";
import { splitTokens } from "./echo-stream";

describe("splitTokens", () => {
  it("keeps each word's trailing whitespace so the tokens join back into the prompt", () => {
    expect(splitTokens("a b  c")).toEqual(["a ", "b  ", "c"]);
    expect(splitTokens("  lead\nline two\t")).toEqual(["  lead\n", "line ", "two\t"]);
    expect(splitTokens("")).toEqual([]);
    expect(splitTokens("   ")).toEqual(["   "]);
    for (const prompt of ["x", " x ", "a\r\nb", "many   spaces   here "]) {
      expect(splitTokens(prompt).join("")).toBe(prompt);
    }
  });
});
