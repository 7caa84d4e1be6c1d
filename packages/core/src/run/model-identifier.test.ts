import { describe, expect, it } from "vitest";
import { pathSegment } from "../path-segment";
import { checkModelName, parseModelIdentifier } from "./model-identifier";

const version = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";

describe("parseModelIdentifier", () => {
  it("parses owner/name and owner/name:version", () => {
    expect(parseModelIdentifier("dashscope/hello-world")).toEqual({
      owner: "dashscope",
      name: "hello-world",
    });
    expect(parseModelIdentifier(`stability-ai/sdxl_v1.0:${version}`)).toEqual({
      owner: "stability-ai",
      name: "sdxl_v1.0",
      version,
    });
  });

  it.each([
    "",
    "hello-world",
    "owner/",
    "/name",
    "owner/name/extra",
    "owner/name:",
    "owner/name:a/b",
    "owner/name:a b",
    "owner/name:a?b",
    "owner/name:a#b",
    "owner/name:a%2Fb",
    "owner/name:a:b",
    "owner/name:..",
    "owner/../name",
    "owner/na..me",
    " owner/name",
    "-owner/name",
  ])("rejects %j with a clear error", (ref) => {
    expect(() => parseModelIdentifier(ref)).toThrow(
      `Invalid model identifier: expected "owner/name" or "owner/name:version", got ${JSON.stringify(ref)}`,
    );
  });

  it.each(["abc123", "v1.0", "ABCDEF", "1"])("leaves version id %j to the server", (id) => {
    expect(parseModelIdentifier(`a/b-1.0:${id}`)).toEqual({ owner: "a", name: "b-1.0", version: id });
  });

  it("rejects a value that is not a string", () => {
    expect(() => parseModelIdentifier(undefined as never)).toThrow(/Invalid model identifier.*got undefined/);
  });
});

describe("pathSegment", () => {
  it("escapes a valid segment", () => {
    expect(pathSegment("hello-world", "name")).toBe("hello-world");
    expect(pathSegment("a b%", "name")).toBe("a%20b%25");
    // A whole surrogate pair is one character, and escapes as its UTF-8 bytes.
    expect(pathSegment("\ud83d\ude00", "name")).toBe("%F0%9F%98%80");
  });

  it.each(["", ".", "..", "a/b", "a\\b", "a?b", "a#b", "\ud800", "a\udc00b", 7, null])(
    "rejects %j and names the argument",
    (value) => {
      expect(() => pathSegment(value, "owner")).toThrow(/^Invalid owner: expected a non-empty name/);
    },
  );
});

describe("checkModelName", () => {
  it("takes owner/name and refuses a version, a path or anything else, naming the argument", () => {
    expect(checkModelName("dashscope/hello-world", "destination")).toBe("dashscope/hello-world");
    for (const value of [`owner/name:${version}`, "owner/na..me", "owner/name/extra", "name", 7, undefined]) {
      expect(() => checkModelName(value, "destination")).toThrow(
        `Invalid destination: expected "owner/name", got ${value === undefined ? "undefined" : JSON.stringify(value)}`,
      );
    }
  });
});
