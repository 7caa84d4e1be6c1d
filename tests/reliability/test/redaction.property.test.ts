import { redact } from "@dashscope/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** Every way an echo may write one character of the token. */
const ENCODERS: Array<(char: string) => string> = [
  (char) => char,
  // JSON: `\"`, `\\`, and `\/` where an encoder escapes slashes.
  (char) => (char === "/" ? "\\/" : JSON.stringify(char).slice(1, -1)),
  (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  (char) => `%${char.charCodeAt(0).toString(16)}`,
];

const VISIBLE_ASCII = Array.from({ length: 94 }, (_, index) => String.fromCharCode(0x21 + index));

/** A token as checkAuth lets it through (visible ASCII, longer than five), written one encoding per character. */
const echoedToken = fc
  .string({ unit: fc.constantFrom(...VISIBLE_ASCII), minLength: 6, maxLength: 60 })
  .chain((token) =>
    fc
      .array(fc.integer({ min: 0, max: ENCODERS.length - 1 }), {
        minLength: token.length,
        maxLength: token.length,
      })
      .map((choices) => ({
        token,
        parts: [...token].map((char, index) =>
          (ENCODERS[choices[index] as number] as (c: string) => string)(char),
        ),
      })),
  );

describe("redact, over random tokens, encodings and cuts", () => {
  it("blanks a whole token however each of its characters is written", () => {
    fc.assert(
      fc.property(echoedToken, ({ token, parts }) => {
        expect(redact(`before ${parts.join("")} after`, token)).toBe("before [redacted] after");
      }),
      { numRuns: 500 },
    );
  });

  it("leaves no more than three characters of a token cut off at the end of the text, whatever the cut", () => {
    fc.assert(
      fc.property(echoedToken, fc.nat(), ({ token, parts }, seed) => {
        const written = parts.join("");
        const cut = seed % (written.length + 1);
        let whole = 0;
        for (
          let length = 0;
          whole < parts.length && length + (parts[whole] as string).length <= cut;
          whole++
        ) {
          length += (parts[whole] as string).length;
        }
        const shown = redact(`seen: ${written.slice(0, cut)}`, token);
        if (whole >= 4) expect(shown).toBe("seen: [redacted]");
        else expect([`seen: ${written.slice(0, cut)}`, "seen: [redacted]"]).toContain(shown);
      }),
      { numRuns: 1000 },
    );
  });
});
