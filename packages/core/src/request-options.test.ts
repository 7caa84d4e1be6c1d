import { describe, expect, it } from "vitest";
import { normalizeRequest } from "./request-options";

describe("normalizeRequest", () => {
  it("turns replicate's params and data into query and body, and a URL route into a string", () => {
    const [route, options] = normalizeRequest(new URL("https://api.example/v1/a?b=1"), {
      method: "POST",
      params: { x: 1 },
      data: { input: { text: "hi" } },
    });
    expect(route).toBe("https://api.example/v1/a?b=1");
    expect(options.query).toEqual({ x: 1 });
    expect(options.body).toBe('{"input":{"text":"hi"}}');
    expect(new Headers(options.headers).get("content-type")).toBe("application/json");
  });

  it("sends FormData as it is, without a content type of its own, so fetch adds the boundary", () => {
    const form = new FormData();
    const [, options] = normalizeRequest("/files", {
      data: form,
      headers: { "Content-Type": "multipart/form-data" },
    });
    expect(options.body).toBe(form);
    expect(new Headers(options.headers).has("content-type")).toBe(false);
  });

  it("leaves our own options as they are", () => {
    const options = { method: "GET", query: { a: 1 }, body: { b: 2 }, timeout: 5 };
    expect(normalizeRequest("/x", options)).toEqual(["/x", options]);
  });

  it.each([
    [{ methd: "GET" }, 'option "methd"'],
    [{ params: { a: 1 }, query: { a: 2 } }, "options"],
    [{ data: {}, body: {} }, "options"],
    ["GET", "options"],
  ])("refuses %j, naming the option", (options, argument) => {
    expect(() => normalizeRequest("/x", options as never)).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", argument }),
    );
  });
});
