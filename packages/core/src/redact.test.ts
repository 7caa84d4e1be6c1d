import { describe, expect, it } from "vitest";
import { redact } from "./redact";

const TOKEN = "r8_unit/token+value";

describe("redact", () => {
  it("blanks the token as written, JSON-escaped (\\/ and \\uXXXX, mixed) and percent-encoded", () => {
    const unicode = [...TOKEN]
      .map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
      .join("");
    const text = [
      TOKEN,
      TOKEN.replace("/", "\\/"),
      unicode,
      `r8_\\u0075nit${TOKEN.slice(7)}`,
      encodeURIComponent(TOKEN),
    ];
    expect(redact(text.join(" | "), TOKEN)).toBe(Array(5).fill("[redacted]").join(" | "));
  });

  it("trims the token as the request does, and leaves everything else", () => {
    expect(redact(`id ${TOKEN}.`, ` ${TOKEN}\n`)).toBe("id [redacted].");
    expect(redact("nothing here", TOKEN)).toBe("nothing here");
  });

  it("blanks out a start of the token (four characters or more) that ends the text, as a cut leaves it", () => {
    expect(redact(`cut: ${TOKEN.slice(0, 10)}`, TOKEN)).toBe("cut: [redacted]");
    expect(redact(`cut: r8_\\u0075ni`, TOKEN)).toBe("cut: [redacted]");
    expect(redact(`${TOKEN.slice(0, 10)} then more`, TOKEN)).toBe(`${TOKEN.slice(0, 10)} then more`);
    expect(redact(`short: ${TOKEN.slice(0, 4)}`, TOKEN)).toBe("short: [redacted]");
    expect(redact(`shorter: ${TOKEN.slice(0, 3)}`, TOKEN)).toBe(`shorter: ${TOKEN.slice(0, 3)}`);
  });

  // Every way an echo may write each character: as itself, JSON-escaped (`\/`, `\u0041`) or percent-encoded.
  const ENCODINGS: Record<string, (char: string, at: number) => string> = {
    raw: (char) => char,
    "JSON \\/": (char) => (char === "/" ? "\\/" : char),
    "JSON \\uXXXX": (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    percent: (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    "mixed, a different one for each character": (char, at) =>
      [ENCODINGS.raw, ENCODINGS["JSON \\uXXXX"], ENCODINGS.percent, ENCODINGS["JSON \\/"]][at % 4]?.(
        char,
        at,
      ) as string,
  };

  it.each(Object.keys(ENCODINGS))(
    "cut anywhere in the token written %s: blanked from its fourth whole character on, left before",
    (name) => {
      const parts = [...TOKEN].map(ENCODINGS[name] as (char: string, at: number) => string);
      const written = parts.join("");
      for (let cut = 0; cut <= written.length; cut++) {
        // Whole characters of the token before the cut; a part of the next one's encoding may follow.
        let whole = 0;
        for (
          let length = 0;
          whole < parts.length && length + (parts[whole] as string).length <= cut;
          whole++
        ) {
          length += (parts[whole] as string).length;
        }
        const text = `seen: ${written.slice(0, cut)}`;
        expect({ cut, shown: redact(text, TOKEN) }).toEqual({
          cut,
          shown: whole >= 4 ? "seen: [redacted]" : text,
        });
      }
    },
  );

  it("blanks a cut in the middle of a percent-encoded `%` whole, leaving none of its digits", () => {
    // `%` written `%25` and cut after `%2`: the raw `%` alone must not end the match and leave the `2`.
    expect(redact("seen: !!!!!!%2", "!!!!!!%")).toBe("seen: [redacted]");
    expect(redact("seen: abcde%2", "abcde%xyz")).toBe("seen: [redacted]");
  });

  it("leaves text alone without a token, or with one too short to be a credential", () => {
    expect(redact("a text", undefined)).toBe("a text");
    expect(redact("a text", "t")).toBe("a text");
  });
});
