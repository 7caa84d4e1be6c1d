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

/**
 * The release fields of `options`, each one given checked before anything is sent: all four when
 * `required` (a create), at least one otherwise (an update). Other options are left out.
 */
export function checkRelease(
  options: Partial<DeploymentRelease> | undefined,
  required: boolean,
): Partial<DeploymentRelease> {
  const { version, hardware, min_instances: min, max_instances: max } = options ?? {};
  const release = { version, hardware, min_instances: min, max_instances: max };
  let given = required;
  for (const [key, value] of Object.entries(release)) {
    if (required || value !== undefined) {
      given = true;
      if (key.endsWith("instances")) checkWholeNumber(value, key);
      else if (typeof value !== "string" || !value) throw invalidArgument(key, "a non-empty string", value);
    }
  }
  if (!given) {
    throw new InvalidArgumentError(
      "options",
      "expected at least one of version, hardware, min_instances and max_instances to change",
    );
  }
  // Both are whole numbers here when given; a comparison with a missing one is false.
  if ((min as number) > (max as number)) {
    throw invalidArgument("min_instances", `at most max_instances (${max})`, min);
  }
  return release;
}
