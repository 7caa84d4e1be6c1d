import { createRequire } from "node:module";
import * as core from "@dashscope/core";
import * as run from "@dashscope/core/run";
import { describe, expect, it } from "vitest";

// The lifecycle has its own entry, re-exported by the main one: both must hand out the same classes,
// or `instanceof` would fail for an error thrown through one and caught with a class from the other.
describe("@dashscope/core and @dashscope/core/run", () => {
  it("share one copy of each class and function (ESM)", () => {
    expect(run.PredictionFailedError).toBe(core.PredictionFailedError);
    expect(run.FileOutput).toBe(core.FileOutput);
    expect(run.waitFor).toBe(core.waitFor);
    const error = new run.PredictionFailedError({ id: "p", status: "failed", error: "boom" });
    expect(error).toBeInstanceOf(core.PredictionFailedError);
    expect(error).toBeInstanceOf(core.DashscopeError);
    expect(core.isPredictionFailedError(error)).toBe(true);
  });

  it("share one copy of each class (CommonJS)", () => {
    const require = createRequire(import.meta.url);
    const cjsCore = require("@dashscope/core");
    const cjsRun = require("@dashscope/core/run");
    expect(cjsRun.PredictionCanceledError).toBe(cjsCore.PredictionCanceledError);
    const error = new cjsRun.PredictionCanceledError({ id: "p", status: "canceled" });
    expect(error).toBeInstanceOf(cjsCore.PredictionCanceledError);
    expect(error).toBeInstanceOf(cjsCore.DashscopeError);
  });
});
