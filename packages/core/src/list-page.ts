import type { Client } from "./client";
import { InvalidArgumentError } from "./errors/invalid-argument-error";
import type { Page } from "./page";
import { requestJson } from "./request";

export interface ListOptions {
  /** The page to fetch: its opaque `cursor`, or a whole `next`/`previous` URL of an earlier page. */
  cursor?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One page of the list endpoint at `route`. A page URL given as `cursor` is reduced to its cursor,
 * so that the request stays on this route and this origin.
 */
export function listPage<T>(client: Client, route: string, options: ListOptions = {}): Promise<Page<T>> {
  let { cursor } = options;
  if (typeof cursor === "string" && /^https?:/i.test(cursor)) {
    try {
      cursor = new URL(cursor).searchParams.get("cursor") ?? "";
    } catch {
      cursor = "";
    }
  }
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === "")) {
    throw new InvalidArgumentError(
      "cursor",
      `expected a page cursor or a page URL with a cursor, got ${JSON.stringify(options.cursor)}`,
    );
  }
  return requestJson<Page<T>>(client, route, { signal: options.signal, query: { cursor } });
}
