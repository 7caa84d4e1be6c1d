import { API_PREFIX } from "../defaults";
import { jsonResponse } from "../json-response";
import { type Cursor, decodeCursor, paginate } from "../pagination";
import type { RouteContext } from "../router";

/** The request's cursor, if any (a 400 when it is not one of ours). */
export function requestCursor(context: RouteContext): Cursor | null {
  return decodeCursor(context.url.searchParams.get("cursor"));
}

/**
 * Answers one page of `items` (in display order, `rankOf` increasing along it) as docs/api.md's page
 * object. `keptParameters` names the query parameters (filters, sort) that `next` and `previous` repeat.
 */
export function pageResponse<Item>(
  context: RouteContext,
  items: Item[],
  rankOf: (item: Item) => number,
  render: (item: Item) => unknown,
  cursor: Cursor | null = requestCursor(context),
  keptParameters: readonly string[] = [],
): Response {
  const pageUrl = new URL(`${context.origin}${API_PREFIX}${context.url.pathname.slice(API_PREFIX.length)}`);
  for (const name of keptParameters) {
    const value = context.url.searchParams.get(name);
    if (value !== null) pageUrl.searchParams.set(name, value);
  }
  const page = paginate(items, rankOf, {
    cursor,
    pageSize: context.emulator.settings.pageSize,
    pageUrl: pageUrl.toString(),
  });
  return jsonResponse({ previous: page.previous, next: page.next, results: page.results.map(render) });
}
