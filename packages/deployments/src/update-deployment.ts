import { type Client, InvalidArgumentError, requestJson } from "@dashscope/core";
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
  const route = deploymentRoute(owner, name);
  const { version, hardware, min_instances, max_instances, signal } = options ?? {};
  const changes = { version, hardware, min_instances, max_instances };
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new InvalidArgumentError(
      "options",
      "expected at least one of version, hardware, min_instances and max_instances to change",
    );
  }
  checkRelease(changes, false);
  return requestJson(client, route, { method: "PATCH", body: changes, signal });
}
