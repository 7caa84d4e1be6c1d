import { checkWholeNumber, InvalidArgumentError, invalidArgument } from "@dashscope/core";

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
      throw invalidArgument(key, "a non-empty string", value);
    }
  }
  const { min_instances: min, max_instances: max } = release;
  if (required || min !== undefined) checkWholeNumber(min, "min_instances");
  if (required || max !== undefined) checkWholeNumber(max, "max_instances");
  if (min !== undefined && max !== undefined && min > max) {
    throw new InvalidArgumentError("min_instances", `${min} is more than max_instances (${max})`);
  }
}
