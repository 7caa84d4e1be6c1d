/** What stands where a token was. */
export const REDACTED = "[redacted]";

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/**
 * `text` with every occurrence of `token` blanked out, also where an echo encoded it: JSON escapes
 * (`\/`, `\u0041`, mixed freely), percent-encoding and base64 (plain or URL-safe, at any alignment).
 * Servers that echo a request back (a debugging proxy, a gateway's error page) would otherwise put
 * the token into an error message. Use it on anything from a server that ends up in an error.
 */
export function redact(text: string, token: string | undefined): string {
  token = token?.trim();
  // A token of a few characters is no real credential, and blanking each of its occurrences would
  // garble the message (a token "t" would take every "t" with it).
  if (typeof text !== "string" || !token || token.length < 6) return text;
  const character = (char: string) => {
    const hex = char.charCodeAt(0).toString(16).padStart(4, "0");
    return `(?:\\\\?${escapeRegExp(char)}|\\\\u${hex}|%${hex.slice(2)})`;
  };
  const forms = [[...token].map(character).join("")];
  try {
    for (let shift = 0; shift < 3; shift++) {
      // Base64 of the token behind `shift` other bytes, without the characters those bytes or the
      // bytes after the token also shape.
      const length = shift + token.length;
      const core = btoa("\0".repeat(shift) + token)
        .replace(/=+$/, "")
        .slice(Math.ceil((shift * 4) / 3), length % 3 ? -1 : undefined);
      forms.push(escapeRegExp(core), escapeRegExp(core.replace(/\+/g, "-").replace(/\//g, "_")));
    }
  } catch {
    // Not Latin-1: no base64 form to look for.
  }
  return text.replace(new RegExp(forms.join("|"), "gi"), REDACTED);
}
