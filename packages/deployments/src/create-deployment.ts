import { type Client, checkModelName, pathSegment, requestJson } from "@dashscope/core";
import type { Deployment } from "./deployment";
import { checkRelease, type DeploymentRelease } from "./deployment-configuration";

export interface CreateDeploymentOptions extends DeploymentRelease {
  /** The deployment's name, unique within the account; a name taken already is a 409. */
  name: string;
  /** The model to serve, as "owner/name". */
  model: string;
  signal?: AbortSignal | undefined;
}

/** Creates a deployment owned by the token's account. */
export async function createDeployment(
  client: Client,
  options: CreateDeploymentOptions,
): Promise<Deployment> {
  const { name, model, signal } = options ?? {};
  pathSegment(name, "name");
  checkModelName(model, "model");
  return requestJson(client, "/deployments", {
    method: "POST",
    body: { name, model, ...checkRelease(options, true) },
    idempotencyKey: true,
    signal,
  });
}
