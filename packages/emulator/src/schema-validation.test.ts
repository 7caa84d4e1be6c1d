import { describe, expect, it } from "vitest";
import { validateInput } from "./schema-validation";

describe("validateInput", () => {
  const schema = {
    type: "object" as const,
    required: ["text"],
    properties: {
      text: { type: "string" as const },
      count: { type: "integer" as const, default: 2, minimum: 1, maximum: 5 },
      mode: { type: "string" as const, enum: ["a", "b"] },
    },
  };

  it("fills defaults and keeps unknown inputs", () => {
    expect(validateInput({ input: schema }, { text: "x", extra: true })).toEqual({
      value: { text: "x", extra: true, count: 2 },
      invalidFields: [],
    });
  });

  it("reports missing, mistyped and out-of-range inputs by field", () => {
    expect(validateInput({ input: schema }, { count: 9, mode: "c" }).invalidFields).toEqual([
      { field: "input.text", message: "is required" },
      { field: "input.count", message: "must be at most 5" },
      { field: "input.mode", message: 'expected one of "a", "b"' },
    ]);
    expect(
      validateInput({ input: schema }, { text: 1, count: 1.5 }).invalidFields.map((field) => field.message),
    ).toEqual(["expected a string", "expected an integer"]);
    expect(validateInput({ input: schema }, "text").invalidFields).toEqual([
      { field: "input", message: "expected an object" },
    ]);
  });
});
