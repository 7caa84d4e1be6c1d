import { invalidArgument } from "./errors/invalid-argument-error";

/**
 * Checks header name–value pairs before they reach `Headers`, whose TypeError for a bad value (a line
 * break, a NUL, a character past Latin-1) prints the whole value: it may be a secret. The error names
 * the header and leaves its value out. `argument` is what the caller passed them as.
 */
export function checkHeaders(headers: unknown, argument: string): void {
  if (headers == null) return;
  // A string would pass as pairs of its characters; `Headers` refuses it with a TypeError.
  if (typeof headers !== "object") throw invalidArgument(argument, "an object");
  const pairs = Array.isArray(headers) || headers instanceof Headers ? headers : Object.entries(headers);
  for (const pair of pairs) {
    const [name, value] = Array.isArray(pair) ? pair : [];
    // "__proto__" is a valid token but no header anyone sends: as a property name it would set an
    // object's prototype rather than name a header.
    if (typeof name !== "string" || !/^(?!__proto__$)[!#$%&'*+.^\w`|~-]+$/.test(name)) {
      throw invalidArgument(argument, "valid header names");
    }
    checkHeaderValue(value, `${argument}["${name}"]`);
  }
}

/** A header value: a string without control characters (a tab aside) or characters past Latin-1. */
export function checkHeaderValue(value: unknown, argument: string): void {
  if (typeof value !== "string" || /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    // The value is left out of the message: headers carry keys and tokens.
    throw invalidArgument(argument, "a string without control characters");
  }
}
