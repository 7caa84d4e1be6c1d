import { type Client, type ListOptions, listPage, type Page } from "@dashscope/core";
import type { DashscopeFile } from "./dashscope-file";

/** `cursor`: the opaque cursor, or a whole `next`/`previous` URL of an earlier page; `signal`. */
export type ListFilesOptions = ListOptions;

/** One page of stored files; `paginate` from core follows the rest. */
export async function listFiles(
  client: Client,
  options: ListFilesOptions = {},
): Promise<Page<DashscopeFile>> {
  // Through core's `listPage`, as every other list: it checks `cursor` and keeps a page URL on this route.
  return listPage(client, "/files", options);
}
