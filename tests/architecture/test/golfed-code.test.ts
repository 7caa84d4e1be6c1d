import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { golfedCode, golfedLines } from "./golfed-code";

const packages = fileURLToPath(new URL("../../../packages", import.meta.url));

describe("clarity over bytes", () => {
  it("the shipped client sources hold no byte-golf", async () => {
    expect(await golfedCode(packages)).toEqual([]);
  });
});

describe("the golf check", () => {
  it("finds a detached call through a comma, with the comment that apologises for it", () => {
    const text = [
      "async function send(client) {",
      "  // biome-ignore lint/complexity/noCommaOperator: `(0, f)()` calls `f` without `this`, in fewer bytes.",
      "  return await (0, client.fetch)(url);",
      "}",
    ].join("\n");
    expect(golfedLines("send.ts", text)).toEqual([
      "2: a comment apologising for a trick",
      "3: a comma expression",
    ]);
  });

  it("finds `void 0` and `1 / 0`", () => {
    expect(golfedLines("x.ts", "const nothing = void 0;\nconst deadline = Date.now() + 1 / 0;")).toEqual([
      "1: `void` for undefined",
      "2: a division by 0 for Infinity",
    ]);
  });

  it("leaves the plain forms and a for loop's comma lists alone", () => {
    const text = [
      "const fetch = client.fetch;",
      "const deadline = Date.now() + Number.POSITIVE_INFINITY;",
      "for (let attempt = 0, redirects = 0; ; attempt++, redirects++) {}",
      "const half = size / 2;",
    ].join("\n");
    expect(golfedLines("plain.ts", text)).toEqual([]);
  });
});
