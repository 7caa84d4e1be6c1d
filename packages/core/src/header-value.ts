import { invalidArgument } from "./errors/invalid-argument-error";

/**
 * Checks header name–value pairs (a plain object, a `Headers` instance, pairs or any other iterable of
 * pairs such as a `Map`), then sets them in `record` as `Headers` reads them (lowercase names, a name
 * given twice joined: "a, b"), each replacing what its name held there, as `Headers.set` would. Checked
 * first: `Headers`'s TypeError for a bad value (a line break, a NUL, a character past Latin-1) prints
 * the whole value, which may be a secret; the error here names the header and leaves its value out.
 * `argument` is what the caller passed them as.
 */
export function setHeaders(record: Record<string, string>, headers: unknown, argument: string): void {
  if (headers == null) return;
  // A string would pass as pairs of its characters; `Headers` refuses it with a TypeError.
  if (typeof headers !== "object") throw invalidArgument(argument, "an object");
  // Pairs, a `Headers` instance (which has no entries of its own) or any other iterable of pairs are
  // read as pairs; a plain object, as its entries.
  const pairs = Symbol.iterator in headers ? [...(headers as Iterable<unknown>)] : Object.entries(headers);
  for (const pair of pairs) {
    const [name, value] = Array.isArray(pair) ? pair : [];
    // "__proto__" is a valid token but no header anyone sends: as a property of `record` it would set
    // its prototype rather than name a header (fetch itself drops it from an object of headers).
    if (typeof name !== "string" || !/^(?!__proto__$)[!#$%&'*+.^\w`|~-]+$/.test(name)) {
      throw invalidArgument(argument, "valid header names");
    }
    checkHeaderValue(value, `${argument}["${name}"]`);
  }
  // The pairs read above, not `headers` again: a one-shot iterable (a generator) would be empty now.
  // Read through a `Headers`, which lowercases and joins; none is made for a source with nothing in it
  // (the client's headers, usually): per request, a `Headers` costs more than the rest of its headers.
  if (pairs.length) for (const [name, value] of new Headers(pairs as HeadersInit)) record[name] = value;
}

/** A header value: a string without control characters (a tab aside) or characters past Latin-1. */
export function checkHeaderValue(value: unknown, argument: string): void {
  if (typeof value !== "string" || /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    // The value is left out of the message: headers carry keys and tokens.
    throw invalidArgument(argument, "a string without control characters");
  }
}
