import {
  type Account,
  type Client,
  type ListOptions,
  listPage,
  type Page,
  pathSegment,
  requestJson,
} from "@dashscope/core";
import type { DeploymentConfiguration } from "./deployment-configuration";

/** A model version served at a fixed endpoint of its own, with its hardware and scaling. */
export interface Deployment {
  owner: string;
  name: string;
  current_release: {
    /** Counts up from 1 with each change. */
    number: number;
    /** "owner/name" of the model it serves. */
    model: string;
    version: string;
    created_at: string;
    created_by: Account;
    configuration: DeploymentConfiguration;
  };
}

/** Validates and escapes the two segments, so a `/` or `..` in either is an error, not another route. */
export function deploymentRoute(owner: string, name: string): string {
  return `/deployments/${pathSegment(owner, "owner")}/${pathSegment(name, "name")}`;
}

export async function getDeployment(
  client: Client,
  owner: string,
  name: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Deployment> {
  return requestJson(client, deploymentRoute(owner, name), { signal: options.signal });
}

/** One page of the account's deployments. */
export async function listDeployments(client: Client, options: ListOptions = {}): Promise<Page<Deployment>> {
  return listPage(client, "/deployments", options);
}

/** Deletes a deployment; resolves `true` once the server has, as replicate's `deployments.delete` does. */
export async function deleteDeployment(
  client: Client,
  owner: string,
  name: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<true> {
  await requestJson(client, deploymentRoute(owner, name), { method: "DELETE", signal: options.signal });
  return true;
}
