import type { Client } from "./client";
import { invalidArgument } from "./errors/invalid-argument-error";
import type { Page } from "./page";
import { type RequestOptions, requestJson } from "./request";
import { checkOptionNames } from "./request-options";
import type { QueryParameters } from "./url";

export interface ListOptions {
  /** The page to fetch: its opaque `cursor`, or a whole `next`/`previous` URL of an earlier page. */
  cursor?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One page of the list endpoint at `route`, with `query` (its filters, checked by the caller) beside the
 * cursor. A page URL given as `cursor` is reduced to its cursor, so that the request stays on this
 * route and this origin. An option that is neither one of `ListOptions` nor a name of `query` is
 * refused: `paginate` hands its options to the list function, and a filter this list does not have
 * (or a misspelt one) would otherwise be dropped, and every item listed.
 */
export function listPage<T>(
  client: Client,
  route: string,
  options: ListOptions & Pick<RequestOptions, "timeout" | "maxRetries"> = {},
  query?: QueryParameters,
): Promise<Page<T>> {
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  checkOptionNames(options, ["cursor signal timeout maxRetries", ...Object.keys(query ?? {})].join(" "));
  let { cursor } = options;
  if (typeof cursor === "string" && /^https?:/i.test(cursor)) {
    try {
      cursor = new URL(cursor).searchParams.get("cursor") ?? "";
    } catch {
      cursor = "";
    }
  }
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === "")) {
    throw invalidArgument("cursor", "a page cursor or a page URL with a cursor", options.cursor);
  }
  const { signal, timeout, maxRetries } = options;
  return requestJson<Page<T>>(client, route, { signal, timeout, maxRetries, query: { ...query, cursor } });
}
