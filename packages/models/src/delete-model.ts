import { type Client, requestJson } from "@dashscope/core";
import { modelRoute } from "./model-route";

/**
 * Deletes a model; resolves `true` once the server has. The server deletes only a private model of your
 * own that has no versions left (delete them first with `deleteModelVersion`), and answers an
 * `ApiError` otherwise.
 */
export async function deleteModel(
  client: Client,
  owner: string,
  name: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<true> {
  await requestJson(client, modelRoute(owner, name), { method: "DELETE", signal: options?.signal });
  return true;
}
