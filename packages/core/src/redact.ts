/** What stands where a token was. */
export const REDACTED = "[redacted]";

/**
 * `text` with every occurrence of `token` blanked out, also where an echo encoded it: JSON escapes
 * (`\/`, `\u0041`, mixed freely) and percent-encoding. Servers that echo a request back (a debugging
 * proxy, a gateway's error page) would otherwise put the token into an error message. Use it on
 * anything from a server that ends up in an error. So is a start of it (six characters or more) that
 * ends the text: what is left where a body was cut off in the middle of the token.
 */
export function redact(text: string, token: string | undefined): string {
  token = token?.trim();
  // A token of a few characters is no real credential, and blanking each of its occurrences would
  // garble the message (a token "t" would take every "t" with it).
  if (typeof text !== "string" || !(token && token.length > 5)) return text;
  // Each character as itself (`\x41`, JSON may put a backslash before it), `\u0041` or `%41`: the
  // token is visible ASCII (checkAuth), so two hex digits name each character.
  // From the sixth character on, each opens a group that the rest of the token fills, or the end of the
  // text closes: a text cut off in the middle of a token (a dropped connection) loses its start too.
  const pattern =
    token.replace(/./g, (char, at) => {
      const hex = char.charCodeAt(0).toString(16);
      return `(\\\\?\\x${hex}|(\\\\u00|%)${hex})${at > 4 ? "(?:" : ""}`;
    }) + "|$)".repeat(token.length - 5);
  return text.replace(new RegExp(pattern, "gi"), REDACTED);
}
