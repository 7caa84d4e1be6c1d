import { HttpProblem } from "./http-problem";

export interface Page<Item> {
  previous: string | null;
  next: string | null;
  results: Item[];
}

/**
 * What a cursor remembers: the rank of the item it continues from (exclusive) in one direction, and
 * the search query of a `QUERY /models` so that plain `GET next` keeps searching.
 */
export interface Cursor {
  after?: number;
  before?: number;
  query?: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeCursor(encoded: string | null): Cursor | null {
  if (encoded === null || encoded === "") return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    if (typeof decoded === "object" && decoded !== null && !Array.isArray(decoded)) {
      const { after, before, query } = decoded as Record<string, unknown>;
      const validRank = (rank: unknown) => rank === undefined || typeof rank === "number";
      if (validRank(after) && validRank(before) && (query === undefined || typeof query === "string")) {
        return decoded as Cursor;
      }
    }
  } catch {
    // falls through to the 400 below
  }
  throw new HttpProblem(
    400,
    "The cursor is not one this server gave out; follow `next` or `previous` as given.",
  );
}

/**
 * Cuts one page out of `items`, which are in display order with `rankOf` increasing along it.
 * Cursors point at ranks rather than offsets, so items created or deleted between two requests
 * neither repeat nor vanish from the pages that follow.
 */
export function paginate<Item>(
  items: Item[],
  rankOf: (item: Item) => number,
  options: { cursor: Cursor | null; pageSize: number; pageUrl: string },
): Page<Item> {
  const { cursor, pageSize, pageUrl } = options;
  let results: Item[];
  if (cursor?.before !== undefined) {
    const before = cursor.before;
    const earlier = items.filter((item) => rankOf(item) < before);
    results = earlier.slice(Math.max(0, earlier.length - pageSize));
  } else {
    const after = cursor?.after;
    const later = after === undefined ? items : items.filter((item) => rankOf(item) > after);
    results = later.slice(0, pageSize);
  }
  const first = results[0];
  const last = results[results.length - 1];
  const link = (state: Cursor) => {
    // `pageUrl` may carry the filters and sort the page was asked with: the links keep them.
    const url = new URL(pageUrl);
    url.searchParams.delete("cursor");
    url.searchParams.set(
      "cursor",
      encodeCursor(cursor?.query === undefined ? state : { ...state, query: cursor.query }),
    );
    return url.toString();
  };
  const hasEarlier = first !== undefined && items.some((item) => rankOf(item) < rankOf(first));
  const hasLater = last !== undefined && items.some((item) => rankOf(item) > rankOf(last));
  return {
    previous: first !== undefined && hasEarlier ? link({ before: rankOf(first) }) : null,
    next: last !== undefined && hasLater ? link({ after: rankOf(last) }) : null,
    results,
  };
}
