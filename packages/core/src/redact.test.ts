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

  it("blanks out a start of the token (six characters or more) that ends the text, as a cut leaves it", () => {
    expect(redact(`cut: ${TOKEN.slice(0, 10)}`, TOKEN)).toBe("cut: [redacted]");
    expect(redact(`cut: r8_\\u0075ni`, TOKEN)).toBe("cut: [redacted]");
    expect(redact(`${TOKEN.slice(0, 10)} then more`, TOKEN)).toBe(`${TOKEN.slice(0, 10)} then more`);
    expect(redact(`short: ${TOKEN.slice(0, 5)}`, TOKEN)).toBe(`short: ${TOKEN.slice(0, 5)}`);
  });

  it("leaves text alone without a token, or with one too short to be a credential", () => {
    expect(redact("a text", undefined)).toBe("a text");
    expect(redact("a text", "t")).toBe("a text");
  });
});
