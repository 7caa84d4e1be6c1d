import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, DEFAULT_BASE_URL } from "./client";
import { isInvalidArgumentError } from "./errors/guards";
import { VERSION } from "./version";

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("createClient", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("has documented defaults", () => {
    vi.stubEnv("DASHSCOPE_API_TOKEN", "");
    vi.stubEnv("DASHSCOPE_BASE_URL", "");
    const client = createClient();
    expect(client).toMatchObject({
      auth: undefined,
      baseUrl: DEFAULT_BASE_URL,
      userAgent: `dashscope/${VERSION}`,
      fetch: expect.any(Function),
      maxRetries: 2,
      timeout: 120_000,
      headers: {},
      useFileOutput: undefined,
      fileEncodingStrategy: undefined,
    });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reads DASHSCOPE_BASE_URL when no baseUrl is given, and prefers an explicit one", () => {
    vi.stubEnv("DASHSCOPE_BASE_URL", "http://127.0.0.1:8787/v1/");
    expect(createClient().baseUrl).toBe("http://127.0.0.1:8787/v1/");
    expect(createClient({ baseUrl: "https://example.com/v1" }).baseUrl).toBe("https://example.com/v1");
    vi.stubEnv("DASHSCOPE_BASE_URL", "not a url");
    expect(() => createClient()).toThrow(/^Invalid baseUrl/);
  });

  it("reads DASHSCOPE_API_TOKEN when no auth is given, and prefers an explicit one", () => {
    vi.stubEnv("DASHSCOPE_API_TOKEN", "from-environment");
    expect(createClient().auth).toBe("from-environment");
    expect(createClient({ auth: "explicit" }).auth).toBe("explicit");
  });

  it("keeps the options it is given, baseUrl as written (trailing slash included)", () => {
    const fetch = async () => new Response();
    const client = createClient({
      auth: "t",
      baseUrl: "http://127.0.0.1:9/v1/",
      userAgent: "my-app/1.0",
      fetch,
      maxRetries: 0,
      timeout: 5,
      headers: { "X-Team": "a" },
    });
    expect(client).toMatchObject({
      baseUrl: "http://127.0.0.1:9/v1/",
      userAgent: "my-app/1.0",
      fetch,
      maxRetries: 0,
      timeout: 5,
      headers: { "X-Team": "a" },
    });
  });

  it.each([
    ["fetch", { fetch: "not a function" }, /Invalid fetch: expected a function/],
    ["baseUrl", { baseUrl: "api.dashscope.com/v1" }, /Invalid baseUrl: expected an absolute http\(s\) URL/],
    ["baseUrl", { baseUrl: "ftp://example.com" }, /Invalid baseUrl/],
    ["baseUrl", { baseUrl: 42 }, /Invalid baseUrl/],
    ["baseUrl", { baseUrl: "http://" }, /Invalid baseUrl/],
    ["maxRetries", { maxRetries: -1 }, /Invalid maxRetries: expected a whole number ≥ 0, got -1/],
    ["maxRetries", { maxRetries: 1.5 }, /Invalid maxRetries/],
    ["timeout", { timeout: 0 }, /Invalid timeout: expected a whole number ≥ 1, got 0/],
    ["timeout", { timeout: "5" }, /Invalid timeout/],
    ["auth", { auth: 123 }, /^Invalid auth: expected a string of visible ASCII characters$/],
    ["headers", { headers: "x-key: value" }, /Invalid headers: expected an object, got "x-key: value"/],
    ["headers", { headers: new Headers() }, /Invalid headers: expected an object/],
    ["userAgent", { userAgent: 42 }, /Invalid userAgent: expected a string, got 42/],
    [
      "useFileOutput",
      { useFileOutput: true },
      /Invalid useFileOutput: expected a function .*toFileOutputs, got true/,
    ],
    [
      "fileEncodingStrategy",
      { fileEncodingStrategy: "data-uri" },
      /Invalid fileEncodingStrategy: expected a function .*dataUriEncoder, got "data-uri"/,
    ],
  ])("rejects a bad %s with a clear error", (argument, options, message) => {
    const error = errorOf(() => createClient(options as never));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument, name: "InvalidArgumentError" });
    expect(error.message).toMatch(message);
  });

  it.each([
    ["a string", "r8_token"],
    ["null", null],
    ["a number", 42],
  ])("rejects options that are %s, naming them", (_kind, options) => {
    const error = errorOf(() => createClient(options as never));
    expect(error).toMatchObject({ argument: "options", name: "InvalidArgumentError" });
    expect(error.message).toMatch(/^Invalid options: expected an object, got /);
  });

  it("trims the token: one read from a file often ends with a line break", () => {
    expect(createClient({ auth: "  tok_123\r\n" }).auth).toBe("tok_123");
    expect(createClient({ auth: " \n" }).auth).toBeUndefined();
  });

  it.each([
    ["a CR LF", "tok_secret_value\r\nX-Injected: yes"],
    ["a NUL", "tok_secret\u0000value"],
    ["a space", "tok_secret value"],
    ["a non-ASCII character", "tok_secret_välue"],
  ])("refuses a token with %s inside, without showing it", (_kind, auth) => {
    const error = errorOf(() => createClient({ auth }));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "auth" });
    expect(error.message).not.toContain("secret");
  });
});
