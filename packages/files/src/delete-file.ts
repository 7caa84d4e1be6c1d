import { type Client, pathSegment, requestJson } from "@dashscope/core";

/** Deletes a stored file; its `urls.get` stops working. Resolves `true`, as replicate's `files.delete` does. */
export async function deleteFile(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<true> {
  await requestJson(client, `/files/${pathSegment(id, "id")}`, { method: "DELETE", signal: options.signal });
  return true;
}
