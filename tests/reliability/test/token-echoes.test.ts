import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { createClient, redact } from "@dashscope/core";
import Dashscope, { isApiError, isInvalidResponseError, isStreamError } from "dashscope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejectionOf } from "./helpers/outcome";
import { type RawRequest, type RawServer, startRawServer } from "./helpers/raw-server";
import { secretExposures } from "./helpers/secret-exposure";

// A "/", so that JSON's "\/" escape comes into play, and a "+", which percent-encoding changes.
const TOKEN = "r8_echo/SECRET+token-4d9b1e";

/** The token every way an echo may write it. */
const jsonEscaped = TOKEN.replace(/\//g, "\\/");
const unicodeEscaped = [...TOKEN]
  .map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
  .join("");
const mixedEscaped = [...TOKEN]
  .map((char, index) => (index % 2 ? `\\u00${char.charCodeAt(0).toString(16)}` : char))
  .join("");
const percentEncoded = encodeURIComponent(TOKEN).replace(
  /[-_.!~*'()]/g,
  (char) => `%${char.charCodeAt(0).toString(16)}`,
);

type Echo = (request: RawRequest, response: ServerResponse) => void;

function problem(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/problem+json", ...headers });
  response.end(text);
}

const ECHOES: Record<string, Echo> = {
  "an echoed X-Request-Id": (request, response) =>
    problem(response, 400, JSON.stringify({ title: "Bad", detail: "no" }), {
      "x-request-id": String(request.headers.authorization),
    }),
  "a custom reason phrase": (request, response) => {
    response.writeHead(418, String(request.headers.authorization), { "content-type": "text/plain" });
    response.end("");
  },
  "a title that echoes the header": (request, response) =>
    problem(response, 400, JSON.stringify({ title: request.headers.authorization, detail: "d" })),
  'a JSON echo with "\\/" escapes': (_request, response) =>
    problem(
      response,
      400,
      `{"title":"Bad","detail":"you sent Bearer ${jsonEscaped}","echo":"${jsonEscaped}"}`,
    ),
  "a JSON echo with \\uXXXX escapes": (_request, response) =>
    problem(response, 400, `{"title":"Bad","detail":"you sent ${unicodeEscaped}"}`),
  "a JSON echo mixing escapes and characters": (_request, response) =>
    problem(response, 422, `{"title":"Bad","detail":"${mixedEscaped}"}`),
  "a percent-encoded echo": (_request, response) =>
    problem(response, 400, JSON.stringify({ title: "Bad", detail: `query was ?token=${percentEncoded}` })),
  "a 64 KiB cut through the middle of the token": (_request, response) => {
    // The cut falls 10 characters into the token.
    const text = `${"x".repeat(64 * 1024 - 10)}${TOKEN}${"y".repeat(100)}`;
    response.writeHead(500, { "content-type": "text/plain" });
    response.end(text);
  },
  "a 64 KiB cut through an escaped token": (_request, response) => {
    const text = `{"detail":"${"x".repeat(64 * 1024 - 40)}${unicodeEscaped}"}`;
    response.writeHead(500, { "content-type": "application/json" });
    response.end(text);
  },
  "a 2xx body that is not JSON": (request, response) => {
    response.writeHead(200, {
      "content-type": "text/plain",
      "x-request-id": `id ${request.headers.authorization}`,
    });
    response.end(`<pre>${request.headers.authorization}</pre>`);
  },
  "a 2xx body that is not JSON, escaped": (_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end(`oops ${unicodeEscaped} ${jsonEscaped}`);
  },
};

describe("a server that echoes the token back, every way it can", () => {
  let server: RawServer;
  let echo: Echo = () => {};

  beforeAll(async () => {
    server = await startRawServer((request, response) => echo(request, response));
  });
  afterAll(() => server.close());

  for (const [name, serve] of Object.entries(ECHOES)) {
    it(`no token in the error for ${name}`, async () => {
      echo = serve;
      const dashscope = new Dashscope({ auth: TOKEN, baseUrl: `${server.origin}/v1`, maxRetries: 0 });
      const error = await rejectionOf(() => dashscope.accounts.current());
      expect(isApiError(error) || isInvalidResponseError(error), String(error)).toBe(true);
      expect(secretExposures(error, TOKEN)).toEqual([]);
      // Also in its encoded forms, and in util.inspect at depth 10.
      const shown = [
        inspect(error, { depth: 10, showHidden: true, maxStringLength: Number.POSITIVE_INFINITY }),
        JSON.stringify(error),
        String((error as Error).stack),
      ].join("\n");
      for (const form of [TOKEN, jsonEscaped, unicodeEscaped, mixedEscaped, percentEncoded]) {
        expect(shown.includes(form), form).toBe(false);
      }
      // And no half of it either.
      expect(shown.includes(TOKEN.slice(0, 12)) || shown.includes(TOKEN.slice(-12))).toBe(false);
    });
  }

  // An unknown status is quoted in the error; a server that echoes the request may put the token there.
  it.each([
    ["the create", "POST"],
    ["a GET of the wait", "GET"],
  ])("no token in the unknown-status error of %s", async (_where, method) => {
    echo = (request, response) => {
      const echoed = String(request.headers.authorization);
      const status = request.method === method ? echoed : "starting";
      response.writeHead(request.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: "p1", status, urls: {} }));
    };
    const dashscope = new Dashscope({ auth: TOKEN, baseUrl: `${server.origin}/v1`, maxRetries: 0 });
    const error = await rejectionOf(() =>
      dashscope.run("dashscope/hello-world", { input: {}, wait: { mode: "poll", interval: 1 } }),
    );
    expect(isInvalidResponseError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/unknown status "Bearer \[redacted\]"/);
    expect(secretExposures(error, TOKEN)).toEqual([]);
  });

  it("the error still says what happened", async () => {
    echo = ECHOES["an echoed X-Request-Id"] as Echo;
    const dashscope = new Dashscope({ auth: TOKEN, baseUrl: `${server.origin}/v1`, maxRetries: 0 });
    const error = await rejectionOf(() => dashscope.accounts.current());
    expect(error).toMatchObject({ status: 400, title: "Bad", detail: "no", requestId: "Bearer [redacted]" });
    // The Response stays at hand for who asks for it.
    expect((error as { response: Response }).response.status).toBe(400);
  });

  it("a stream error event that echoes the token", async () => {
    echo = (request, response) => {
      if (request.method === "POST") {
        response.writeHead(201, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            id: "echo1",
            status: "starting",
            version: "v",
            input: {},
            urls: { get: "", cancel: "", stream: `${server.origin}/stream/echo1` },
          }),
        );
        return;
      }
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(
        `id: 1\nevent: error\ndata: {"detail":"bad auth ${jsonEscaped} / ${request.headers.authorization ?? TOKEN}"}\n\n`,
      );
    };
    const dashscope = new Dashscope({ auth: TOKEN, baseUrl: `${server.origin}/v1`, maxRetries: 0 });
    const error = await rejectionOf(async () => {
      for await (const _event of dashscope.stream("a/b", { input: {} })) {
        // Read to the error.
      }
    });
    expect(isStreamError(error), String(error)).toBe(true);
    expect(secretExposures(error, TOKEN)).toEqual([]);
    expect((error as Error).message).toMatch(/bad auth \[redacted\]/);
  });
});

describe("redact", () => {
  it("blanks the token in every encoding, and leaves the rest", () => {
    const text = `a ${TOKEN} b ${jsonEscaped} c ${unicodeEscaped} d ${percentEncoded} f`;
    const redacted = redact(text, TOKEN);
    expect(redacted).toBe("a [redacted] b [redacted] c [redacted] d [redacted] f");
  });

  it("leaves text alone for a token too short to be one", () => {
    expect(redact("a tiny text", "t")).toBe("a tiny text");
  });
});

describe("a client made by createClient", () => {
  it("keeps its token out of util.inspect and JSON.stringify", () => {
    const client = createClient({ auth: TOKEN, baseUrl: "http://127.0.0.1:9/v1" });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({
      auth: "[redacted]",
      baseUrl: "http://127.0.0.1:9/v1",
    });
  });

  it("still lets the token be read, replaced and copied", () => {
    const client = createClient({ auth: TOKEN, baseUrl: "http://127.0.0.1:9/v1" });
    expect(client.auth).toBe(TOKEN);
    client.auth = "another-token-value";
    expect(client.auth).toBe("another-token-value");
    expect(inspect(client)).not.toContain("another-token-value");
    expect({ ...client, timeout: 5 }).toMatchObject({ auth: "another-token-value", timeout: 5 });
  });
});
