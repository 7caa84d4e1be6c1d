import { type Client, pathSegment, request } from "@dashscope/core";

/** Deletes a stored file; its `urls.get` stops working. */
export async function deleteFile(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const response = await request(client, `/files/${pathSegment(id, "id")}`, { ...options, method: "DELETE" });
  // The answer is a 204; should a server send a body anyway, nobody reads it.
  await response.body?.cancel().catch(() => {});
}
