import { describe, expect, it } from "vitest";
import { redactingOutput, redactValue } from "./redacting-output";

const TOKEN = "r8_abcDEF/123";

function collected(secrets: string[] = [TOKEN]) {
  const writes: string[] = [];
  const output = redactingOutput(
    {
      isTTY: true,
      columns: 80,
      write: (text: string) => writes.push(text),
    },
    () => secrets,
  );
  return { output, writes };
}

describe("redactingOutput", () => {
  it("blanks a token in one write, raw, JSON-escaped or percent-encoded", () => {
    const { output, writes } = collected();
    output.write(`a ${TOKEN} b\n`);
    output.write("c r8_abcDEF\\/123 d\n");
    output.write("e %72%38%5F%61%62%63%44%45%46%2F%31%32%33 f\n");
    expect(writes.join("")).toBe("a [redacted] b\nc [redacted] d\ne [redacted] f\n");
  });

  it("blanks a token cut across writes, at any cut", () => {
    for (let cut = 1; cut < TOKEN.length; cut++) {
      const { output, writes } = collected();
      output.write(`before ${TOKEN.slice(0, cut)}`);
      output.write(`${TOKEN.slice(cut)} after`);
      output.flush();
      expect(writes.join(""), `cut at ${cut}`).toBe("before [redacted] after");
    }
  });

  it("writes at once what cannot start the token, and holds back only what could", () => {
    const { output, writes } = collected();
    output.write("one two ");
    expect(writes).toEqual(["one two "]);
    output.write("three r8_a");
    expect(writes).toEqual(["one two ", "three "]);
    output.write("nd more");
    expect(writes).toEqual(["one two ", "three ", "r8_and more"]);
  });

  it("blanks a start of the token left at the end, as core's redact does", () => {
    const { output, writes } = collected();
    output.write("cut off at r8_abcD");
    output.flush();
    expect(writes.join("")).toBe("cut off at [redacted]");
  });

  it("passes writes through untouched while there is no secret, and shows the stream's terminal", () => {
    const { output, writes } = collected([]);
    output.write("r8_");
    expect(writes).toEqual(["r8_"]);
    expect([output.isTTY, output.columns]).toEqual([true, 80]);
  });
});

describe("redactValue", () => {
  it("blanks the token in every string and field name, escaped once or not, and copies", () => {
    const value = { error: `bad \\u0072${TOKEN.slice(1)}`, list: [TOKEN, 1, null], [TOKEN]: true };
    const redacted = redactValue(value, [TOKEN]);
    expect(redacted).toEqual({ error: "bad [redacted]", list: ["[redacted]", 1, null], "[redacted]": true });
    expect(value.list[0]).toBe(TOKEN);
    // Encoded again, it still shows nothing of the token.
    expect(JSON.stringify(redacted)).not.toContain("u0072");
  });

  it("replaces what is nested past 1000 levels with a note, rather than overflowing the stack", () => {
    const deep = JSON.parse(`{"error":"${TOKEN}","output":${"[".repeat(50_000)}${"]".repeat(50_000)}}`);
    const redacted = redactValue(deep, [TOKEN]);
    expect(redacted.error).toBe("[redacted]");
    expect(JSON.stringify(redacted)).toContain('"[nested more than 1000 levels deep]"');
  });
});
