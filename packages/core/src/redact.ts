/** What stands where a token was. */
export const REDACTED = "[redacted]";

/**
 * `text` with every occurrence of `token` blanked out, also where an echo encoded it: JSON escapes
 * (`\/`, `\u0041`, mixed freely) and percent-encoding. Servers that echo a request back (a debugging
 * proxy, a gateway's error page) would otherwise put the token into an error message. Use it on
 * anything from a server that ends up in an error.
 */
export function redact(text: string, token: string | undefined): string {
  token = token?.trim();
  // A token of a few characters is no real credential, and blanking each of its occurrences would
  // garble the message (a token "t" would take every "t" with it).
  if (typeof text !== "string" || !(token && token.length > 5)) return text;
  // Each character as itself (`\x41`, JSON may put a backslash before it), `\u0041` or `%41`: the
  // token is visible ASCII (checkAuth), so two hex digits name each character.
  const pattern = token.replace(/./g, (char) => {
    const hex = char.charCodeAt(0).toString(16);
    return `(\\\\?\\x${hex}|(\\\\u00|%)${hex})`;
  });
  return text.replace(new RegExp(pattern, "gi"), REDACTED);
}
