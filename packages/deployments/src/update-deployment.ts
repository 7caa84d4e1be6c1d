import { type Client, requestJson } from "@dashscope/core";
import { type Deployment, deploymentRoute } from "./deployment";
import { checkRelease, type DeploymentRelease } from "./deployment-configuration";

export interface UpdateDeploymentOptions extends Partial<DeploymentRelease> {
  signal?: AbortSignal | undefined;
}

/** Changes any of the version, hardware and scaling; the deployment gets a new release. */
export async function updateDeployment(
  client: Client,
  owner: string,
  name: string,
  options: UpdateDeploymentOptions,
): Promise<Deployment> {
  return requestJson(client, deploymentRoute(owner, name), {
    method: "PATCH",
    body: checkRelease(options, false),
    signal: options?.signal,
  });
}
