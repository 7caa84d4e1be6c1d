import { type Client, pathSegment, request } from "@dashscope/core";
import { modelRoute } from "./model-route";

/**
 * Asks the server to delete a version of a model, with its predictions and their output files; resolves
 * `true` once the request is accepted (`202`): the deletion itself may take a few minutes. The server
 * refuses versions of public models, of models you do not own, and versions that others have run, that
 * a training or deployment uses.
 */
export async function deleteModelVersion(
  client: Client,
  owner: string,
  name: string,
  versionId: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<true> {
  const route = `${modelRoute(owner, name)}/versions/${pathSegment(versionId, "versionId")}`;
  // The 202 has no JSON body to parse; it is read in whole, which frees the connection.
  await request(client, route, { method: "DELETE", signal: options?.signal, buffer: true });
  return true;
}
