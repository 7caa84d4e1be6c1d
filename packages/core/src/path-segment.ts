import { invalidArgument } from "./errors/invalid-argument-error";

/**
 * Checks one path segment (an owner, a name, an id) and escapes it, so that a `/` or `..` in a
 * value is an error instead of a request to a different route.
 */
export function pathSegment(value: unknown, argument: string): string {
  if (
    typeof value === "string" &&
    value !== "" &&
    value !== "." &&
    value !== ".." &&
    !/[/\\?#]/.test(value)
  ) {
    try {
      return encodeURIComponent(value);
    } catch {
      // A lone surrogate (half of a UTF-16 pair) has no UTF-8 form: encodeURIComponent throws a URIError.
    }
  }
  throw invalidArgument(argument, 'a non-empty name without "/", "?", "#" or unpaired surrogates', value);
}
