import { describe, expect, it } from "vitest";
import { answerErrors, operations } from "./contract.js";

describe("the vendored document", () => {
  it("has the 37 operations and 16 query and header parameters it was taken with", () => {
    expect(operations).toHaveLength(37);
    expect(operations.flatMap((operation) => operation.parameters)).toHaveLength(16);
  });

  it("allows null only for the fields the service sends null in before they are set", () => {
    const prediction = {
      id: "abc",
      model: "o/n",
      version: "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      input: {},
      output: null,
      data_removed: false,
      error: null,
      status: "starting",
      created_at: "2026-01-01T00:00:00Z",
      urls: {
        web: "https://x.test/p/abc",
        get: "https://x.test/v1/predictions/abc",
        cancel: "https://x.test/c",
      },
      started_at: null,
      logs: null,
    };
    expect(answerErrors("predictions.get", 200, prediction)).toEqual([]);
    expect(answerErrors("predictions.get", 200, { ...prediction, model: null })).not.toEqual([]);
    expect(answerErrors("predictions.get", 200, { ...prediction, status: "queued" })).not.toEqual([]);
  });
});
