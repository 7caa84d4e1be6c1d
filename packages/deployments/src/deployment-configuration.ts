import { InvalidArgumentError } from "@dashscope/core";

export interface DeploymentConfiguration {
  /** A hardware SKU, such as "gpu-t4". */
  hardware: string;
  min_instances: number;
  max_instances: number;
}

/** What a release of a deployment sets: the version it serves, and its configuration. */
export interface DeploymentRelease extends DeploymentConfiguration {
  /** The version id of the model to serve. */
  version: string;
}

/** Checks the fields that are given (all four when `required`), before anything is sent. */
export function checkRelease(release: Partial<DeploymentRelease>, required: boolean): void {
  for (const key of ["version", "hardware"] as const) {
    const value = release[key];
    if ((required || value !== undefined) && (typeof value !== "string" || !value)) {
      throw new InvalidArgumentError(key, `expected a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
  const { min_instances: min, max_instances: max } = release;
  for (const [key, value] of [
    ["min_instances", min],
    ["max_instances", max],
  ] as const) {
    if ((required || value !== undefined) && !(Number.isInteger(value) && (value as number) >= 0)) {
      // String(), since JSON.stringify would show NaN and Infinity as null.
      throw new InvalidArgumentError(
        key,
        `expected a whole number ≥ 0, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
      );
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new InvalidArgumentError("min_instances", `${min} is more than max_instances (${max})`);
  }
}
