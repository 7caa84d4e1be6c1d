/** What stands where a token was. */
export const REDACTED = "[redacted]";

/**
 * How many characters of a token's start may end a text and stay: at most three, under a tenth of a
 * real token (32 characters or more) and, for a `r8_`-style one, only its public prefix. Four or more
 * are blanked out. Blanking shorter starts would garble ordinary text that happens to end like a token.
 */
const LONGEST_START_SHOWN = 3;

/**
 * `text` with every occurrence of `token` blanked out, also where an echo encoded it: JSON escapes
 * (`\/`, `\u0041`, mixed freely) and percent-encoding. Servers that echo a request back (a debugging
 * proxy, a gateway's error page) would otherwise put the token into an error message. Use it on
 * anything from a server that ends up in an error.
 *
 * So is a start of it that ends the text, what is left where a body was cut off in the middle of the
 * token: four characters or more (see LONGEST_START_SHOWN), with whatever part of the next character's
 * encoding follows them (`\`, `\u00`, `\u004`, `%`, `%4`).
 */
export function redact(text: string, token: string | undefined): string {
  token = token?.trim();
  // A token of a few characters is no real credential, and blanking each of its occurrences would
  // garble the message (a token "t" would take every "t" with it).
  if (typeof text !== "string" || !(token && token.length > 5)) return text;
  // Each character as itself (`\x41`, or JSON's `\/`), `\u0041` or `%41`: the
  // token is visible ASCII (checkAuth), so two hex digits name each character. From the fourth on,
  // each opens a group that either ends the text, after any start of that character's encoding (a
  // text cut off in the middle of a token), or goes on with the rest of the token. The end is tried
  // first: a text cut after `%2` of a `%` written `%25` must not match the `%` alone and leave `2`.
  let pattern = "";
  let ends = "";
  [...token].forEach((char, at) => {
    const hex = char.charCodeAt(0).toString(16);
    if (at > LONGEST_START_SHOWN) {
      pattern += `(?:(?:\\\\(?:u(?:0(?:0${hex[0]}?)?)?)?|%${hex[0]}?)?$|`;
      ends = `)${ends}`;
    }
    // JSON puts a backslash before `"`, `\` and `/` only (`\u`, `\n`… mean something else).
    const backslash = '"\\/'.includes(char) ? "\\\\?" : "";
    // The encoded forms first: a `%` in the token, written `%25`, must take its `25` with it.
    pattern += `(?:(?:\\\\u00|%)${hex}|${backslash}\\x${hex})`;
  });
  return text.replace(new RegExp(pattern + ends, "gi"), REDACTED);
}
