import { type Client, pathSegment, requestJson } from "@dashscope/core";
import type { DashscopeFile } from "./dashscope-file";

/** One stored file, by id. */
export async function getFile(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<DashscopeFile> {
  return requestJson<DashscopeFile>(client, `/files/${pathSegment(id, "id")}`, options);
}
