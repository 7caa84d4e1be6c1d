import { describe, expect, it } from "vitest";
import { suggestName } from "./suggest-name";

const COMMANDS = [
  "run",
  "stream",
  "predictions",
  "trainings",
  "models",
  "deployments",
  "collections",
  "hardware",
  "account",
  "emulator",
];

describe("suggestName", () => {
  it.each([
    ["rnu", "run"],
    ["rn", "run"],
    ["strem", "stream"],
    ["predictons", "predictions"],
    ["pred", "predictions"],
    ["modle", "models"],
    ["acount", "account"],
    ["HARDWARE", "hardware"],
    ["emulatr", "emulator"],
  ])("%s → %s", (typed, expected) => {
    expect(suggestName(typed, COMMANDS)).toBe(expected);
  });

  it.each(["x", "deploy-everything", "zzzzzz"])("suggests nothing for %s", (typed) => {
    expect(suggestName(typed, COMMANDS)).toBeUndefined();
  });
});
