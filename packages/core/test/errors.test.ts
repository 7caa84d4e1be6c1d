import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  DashscopeError,
  InternalServerError,
  isApiError,
  isDashscopeError,
  isInvalidResponseError,
  isRateLimitError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type request,
  requestJson,
  UnprocessableEntityError,
} from "../src/index";
import { type Handler, hang, json, raw, reset, startTestServer } from "./helpers/test-server";

const TOKEN = "tok_4f9a1c77be21d0c3secret";

async function failure(handler: Handler, options: Parameters<typeof request>[2] = {}) {
  const api = await startTestServer(handler);
  const client = createClient({ auth: TOKEN, baseUrl: api.baseUrl, maxRetries: 0, timeout: 10_000 });
  return requestJson(client, "/predictions", options).then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as Error,
  );
}

describe("errors", () => {
  it("turns problem+json into an ApiError with every field", async () => {
    const error = await failure(
      json(
        422,
        {
          title: "Invalid input",
          status: 422,
          detail: "input.text: expected a string",
          invalid_fields: [{ field: "input.text", message: "expected a string" }],
        },
        { "x-request-id": "req-42" },
      ),
    );
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(DashscopeError);
    expect(error).toMatchObject({
      name: "ApiError",
      status: 422,
      title: "Invalid input",
      detail: "input.text: expected a string",
      requestId: "req-42",
      method: "GET",
      invalidFields: [{ field: "input.text", message: "expected a string" }],
    });
    expect((error as ApiError).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/predictions$/);
    expect((error as ApiError).response.status).toBe(422);
    expect(error.message).toMatch(
      /^Request to http:\/\/127\.0\.0\.1:\d+\/v1\/predictions failed with status 422 Invalid input: input\.text: expected a string \(GET, request id req-42\)$/,
    );
    // Named as replicate names every error answer; the class tells it apart for instanceof and in logs.
    expect(String(error.stack)).toMatch(/^ApiError: Request to/);
    expect(inspect(error)).toMatch(/^UnprocessableEntityError \[ApiError\]: Request to/);
  });

  it.each([
    [400, BadRequestError, "BadRequestError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, ConflictError, "ConflictError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
    [418, ApiError, "ApiError"],
  ])(
    "gives %i its own class, named ApiError as replicate names it",
    async (status, ErrorClass, className) => {
      const error = await failure(json(status, { title: "T", status }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.constructor.name).toBe(className);
      expect(error.name).toBe("ApiError");
      expect(isApiError(error)).toBe(true);
      expect(isRateLimitError(error)).toBe(status === 429);
    },
  );

  it("explains a 502 HTML page from a proxy", async () => {
    const page =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    const error = await failure(raw(502, page, { "content-type": "text/html" }));
    expect(error).toMatchObject({ status: 502, title: "Bad Gateway", body: page });
    expect(error.message).toMatch(
      /failed with status 502 Bad Gateway: an HTML page titled "502 Bad Gateway" \(GET\)$/,
    );
  });

  it("explains an empty 500", async () => {
    const error = await failure(raw(500, ""));
    expect(error).toMatchObject({ status: 500, body: null, detail: "an empty body" });
    expect(error.message).toMatch(/failed with status 500 Internal Server Error: an empty body \(GET\)$/);
  });

  it("turns a 200 with malformed JSON into an InvalidResponseError, never a bare SyntaxError", async () => {
    const error = await failure(
      raw(200, '{"id": "abc", "status": ', { "content-type": "application/json", "x-request-id": "r-1" }),
    );
    expect(isInvalidResponseError(error)).toBe(true);
    expect(error.message).toMatch(
      /answered 200 with a body that is not JSON \(request id r-1\): "\{\\"id\\": \\"abc\\", \\"status\\": "$/,
    );
  });

  it("turns an empty 200 into an InvalidResponseError", async () => {
    const error = await failure(raw(200, ""));
    expect(isInvalidResponseError(error)).toBe(true);
  });

  it("recognises errors from another copy of the package by marker, name and status", () => {
    const foreign = Object.assign(new Error("x"), { status: 429, requestId: undefined });
    Object.defineProperty(foreign, Symbol.for("dashscope.error"), { value: true });
    Object.defineProperty(foreign, "name", { value: "ApiError" });
    expect(isDashscopeError(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isRateLimitError(foreign)).toBe(true);
    expect(isDashscopeError(new Error("plain"))).toBe(false);
    expect(isDashscopeError(null)).toBe(false);
    expect(isApiError(new DashscopeError("no status"))).toBe(false);
  });

  it("never shows the token in any error: message, stack, cause, toString, JSON or inspect", async () => {
    const corpus = [
      await failure(json(401, { title: "Unauthorized", status: 401, detail: "bad token" })),
      await failure(raw(502, "<html><title>x</title></html>")),
      await failure(raw(500, "")),
      await failure(raw(200, "{nope")),
      await failure(reset),
      await failure(hang, { timeout: 200 }),
      await failure(json(429, {}, { "retry-after": "99999" })),
    ];
    for (const error of corpus) {
      const renderings = [
        error.message,
        String(error.stack),
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 5, showHidden: true }),
        inspect((error as { cause?: unknown }).cause, { depth: 5 }),
      ];
      for (const rendering of renderings) expect(rendering).not.toContain(TOKEN);
    }
  });

  it("keeps at most 64 KiB of an error body and leaves the rest unread", async () => {
    let written = 0;
    let closed = false;
    const error = await failure(async (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.write("<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body>");
      response.on("close", () => {
        closed = true;
      });
      // Far more than is kept, written only as fast as the client reads; it stops when the client cancels.
      const chunk = "x".repeat(16 * 1024);
      while (!closed && written < 64 * 1024 * 1024) {
        written += chunk.length;
        if (!response.write(chunk)) {
          await new Promise((resolve) => {
            response.once("drain", resolve);
            response.once("close", resolve);
          });
        }
      }
      response.end();
    });
    expect(error).toMatchObject({ status: 502 });
    expect(error.message).toMatch(/HTML page titled "Bad Gateway"/);
    expect(((error as ApiError).body as string).length).toBe(64 * 1024);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("blanks out the start of a token where the connection dropped in the middle of it", async () => {
    const cutAt =
      (text: string): Handler =>
      (_request, response) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.write(text);
        setTimeout(() => response.socket?.destroy(), 20);
      };
    const plain = await failure(cutAt(`echo: Bearer ${TOKEN.slice(0, 10)}`));
    expect((plain as ApiError).body).toBe("echo: Bearer [redacted]");
    // The start of the token escaped as JSON, the way an echo inside a JSON string carries it.
    const escaped = [...TOKEN.slice(0, 12)].map((c) => `\\u00${c.charCodeAt(0).toString(16)}`).join("");
    const json = await failure(cutAt(`{"auth":"${escaped}`));
    expect((json as ApiError).body).toBe('{"auth":"[redacted]');
    // A start of five characters or fewer is no credential: it stays.
    const whole = await failure(raw(502, "tok", { "content-type": "text/plain" }));
    expect((whole as ApiError).body).toBe("tok");
  });

  it("blanks the token out of an error page that echoes the request's headers", async () => {
    const error = await failure((request, response) => {
      response.writeHead(400, { "content-type": "text/html" });
      response.end(`<html><body><pre>${JSON.stringify(request.headers)}</pre></body></html>`);
    });
    expect(isApiError(error)).toBe(true);
    const body = (error as ApiError).body as string;
    expect(body).toContain('"authorization":"Bearer [redacted]"');
    expect(body).not.toContain(TOKEN);
    const problem = await failure(json(400, { title: "Bad request", detail: `got token ${TOKEN}` }));
    expect(problem).toMatchObject({
      detail: "got token [redacted]",
      body: { detail: "got token [redacted]" },
    });
  });
});
