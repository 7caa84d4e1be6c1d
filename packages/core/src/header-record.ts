import { isPlainObject } from "./plain-object";

/**
 * Sets each of `headers` (a plain object, a `Headers` instance or name–value pairs) in `record` under
 * its lowercase name, replacing what that name held, as `Headers.set` would. A plain object, the usual
 * kind, is read as it is (its own names only; one name written twice in two cases keeps the later
 * value); the others go through `Headers`, which joins a name given twice ("a, b"). `checkHeaders` has
 * refused the name "__proto__", which would set `record`'s prototype.
 */
export function setHeaders(record: Record<string, string>, headers: unknown): void {
  if (isPlainObject(headers)) {
    for (const name of Object.keys(headers)) record[name.toLowerCase()] = headers[name] as string;
  } else if (headers != null) {
    for (const [name, value] of new Headers(headers as HeadersInit)) record[name] = value;
  }
}
