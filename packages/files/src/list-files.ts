import { type Client, type Page, requestJson } from "@dashscope/core";
import type { DashscopeFile } from "./dashscope-file";

export interface ListFilesOptions {
  /** The opaque cursor of a page's `next` or `previous` URL; omit it for the first page. */
  cursor?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** One page of stored files; `paginate` from core follows the rest. */
export function listFiles(client: Client, options: ListFilesOptions = {}): Promise<Page<DashscopeFile>> {
  const { cursor, signal } = options;
  return requestJson<Page<DashscopeFile>>(client, "/files", { query: { cursor }, signal });
}
