import { ApiError } from "dashscope";
import { describe, expect, it } from "vitest";
import { describeError, redact } from "./report-error";
import { UsageError } from "./usage-error";

describe("describeError", () => {
  it("gives usage errors exit 2 and the command's help", () => {
    expect(describeError(new UsageError("bad", "run"), undefined)).toEqual({
      code: 2,
      message: 'dashscope: bad\nRun "dashscope run --help" for usage.',
    });
  });

  it("gives API errors exit 3 with status, detail, request and invalid fields", () => {
    const error = new ApiError({
      status: 422,
      title: "Invalid input",
      detail: "input.width: too big",
      requestId: "req_1",
      body: { invalid_fields: [{ field: "input.width", message: "must be at most 1024" }] },
      method: "POST",
      url: "http://127.0.0.1:1/v1/predictions",
      response: new Response(),
    });
    expect(describeError(error, "run")).toEqual({
      code: 3,
      message: [
        "dashscope: the API answered 422 Invalid input: input.width: too big",
        "  POST http://127.0.0.1:1/v1/predictions (request id req_1)",
        "  input.width: must be at most 1024",
      ].join("\n"),
    });
  });

  it("gives anything else exit 3", () => {
    expect(describeError(new Error("EACCES: permission denied, mkdir 'outputs'"), "run").code).toBe(3);
  });
});

describe("redact", () => {
  it("blanks every occurrence of each secret", () => {
    expect(redact("a r8_secret b r8_secret", ["r8_secret", undefined])).toBe("a [redacted] b [redacted]");
  });

  it("blanks JSON-escaped and percent-encoded echoes of a secret too", () => {
    expect(redact('a "r8\\/secret" b r8%2Fsecret', ["r8/secret"])).toBe('a "[redacted]" b [redacted]');
  });

  it("leaves very short values alone, which would garble ordinary text", () => {
    expect(redact("a b c", ["a"])).toBe("a b c");
  });
});
