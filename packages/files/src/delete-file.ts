import { type Client, pathSegment, request } from "@dashscope/core";

/** Deletes a stored file; its `urls.get` stops working. Resolves `true`, as replicate's `files.delete` does. */
export async function deleteFile(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<true> {
  const response = await request(client, `/files/${pathSegment(id, "id")}`, { ...options, method: "DELETE" });
  // The answer is a 204; should a server send a body anyway, nobody reads it.
  await response.body?.cancel().catch(() => {});
  return true;
}
