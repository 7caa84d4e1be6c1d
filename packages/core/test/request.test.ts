import { describe, expect, it, vi } from "vitest";
import {
  createClient,
  isAbortError,
  isConnectionError,
  isInvalidArgumentError,
  isMissingAuthError,
  type RequestOptions,
  request,
  requestJson,
  VERSION,
  waitFor,
} from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

describe("request", () => {
  it("joins a path to baseUrl, adds the query, and sends auth, user agent and default headers", async () => {
    const api = await startTestServer(json(200, { ok: true }));
    const client = createClient({
      auth: "secret-token",
      baseUrl: api.baseUrl,
      headers: { "X-Team": "blue" },
    });
    const body = await requestJson(client, "/predictions", {
      query: { cursor: "abc", skip: undefined, n: 2 },
    });
    expect(body).toEqual({ ok: true });
    const [sent] = api.requests;
    expect(sent?.method).toBe("GET");
    expect(sent?.url).toBe("/v1/predictions?cursor=abc&n=2");
    expect(sent?.headers.authorization).toBe("Bearer secret-token");
    expect(sent?.headers["user-agent"]).toBe(`dashscope/${VERSION}`);
    expect(sent?.headers["x-team"]).toBe("blue");
  });

  it("accepts a route without a leading slash and an absolute URL on the API origin", async () => {
    const api = await startTestServer(json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "account");
    await request(client, `${api.baseUrl}/predictions?cursor=xyz`);
    expect(api.requests.map((sent) => sent.url)).toEqual(["/v1/account", "/v1/predictions?cursor=xyz"]);
    expect(api.requests[1]?.headers.authorization).toBe("Bearer t");
  });

  it("sends plain objects as JSON and FormData as multipart", async () => {
    const api = await startTestServer(json(201, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/predictions", { method: "post", body: { input: { text: "Alice" } } });
    const form = new FormData();
    form.set("content", new Blob(["abc"], { type: "text/plain" }), "a.txt");
    await request(client, "/files", { method: "POST", body: form });
    await request(client, "/models", {
      method: "QUERY",
      body: "hello",
      headers: { "Content-Type": "text/plain" },
    });
    const [jsonRequest, multipart, query] = api.requests;
    expect(jsonRequest?.method).toBe("POST");
    expect(jsonRequest?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(jsonRequest?.body ?? "")).toEqual({ input: { text: "Alice" } });
    expect(multipart?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart?.body).toContain('filename="a.txt"');
    expect(query?.method).toBe("QUERY");
    expect(query?.body).toBe("hello");
    expect(query?.headers["content-type"]).toBe("text/plain");
  });

  it("takes headers as a Headers instance, a plain object or pairs, over the defaults", async () => {
    const api = await startTestServer(json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, headers: { "X-A": "default" } });
    await request(client, "/a", { headers: new Headers({ "X-A": "instance" }) });
    await request(client, "/a", { headers: { "X-A": "object" } });
    await request(client, "/a", { headers: [["X-A", "pairs"]] });
    expect(api.requests.map((sent) => sent.headers["x-a"])).toEqual(["instance", "object", "pairs"]);
  });

  it("reads any other iterable of pairs (a Map, a generator) as pairs, checking each value, and an empty source adds nothing", async () => {
    const api = await startTestServer(json(200, {}));
    const { client, seen } = headerRecordingClient(api.baseUrl);
    const headers = new Map([["X-A", "map"]]) as unknown as Headers;
    await request(client, "/a", { headers });
    expect(api.requests[0]?.headers["x-a"]).toBe("map");
    // Read once only: what was checked is what is sent.
    const generated = (function* () {
      yield ["X-B", "generated"];
    })() as unknown as Headers;
    await request(client, "/a", { headers: generated });
    expect(api.requests[1]?.headers["x-b"]).toBe("generated");
    await request(client, "/a", { headers: new Headers() });
    await request(client, "/a", { headers: [] });
    expect(seen.slice(2)).toEqual([
      { "user-agent": `dashscope/${VERSION}`, authorization: "Bearer t" },
      { "user-agent": `dashscope/${VERSION}`, authorization: "Bearer t" },
    ]);
    const bad = new Map([["X-A", "line\nbreak"]]) as unknown as Headers;
    const error = await request(client, "/a", { headers: bad }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "InvalidArgumentError", argument: 'headers["X-A"]' });
    expect((error as Error).message).not.toContain("break");
    expect(api.requests).toHaveLength(4);
  });

  it("hands fetch one plain object of lowercase headers, each replacing the one before it of the same name", async () => {
    const api = await startTestServer(json(200, {}));
    const { client, seen } = headerRecordingClient(api.baseUrl, {
      "X-A": "default",
      "USER-AGENT": "from the client's headers",
    });
    await request(client, "/a", {
      method: "POST",
      body: {},
      headers: { "x-a": "call", Authorization: "Bearer not-the-token" },
      idempotencyKey: "key-1",
    });
    // A plain object, which fetch turns into its one Headers; no Headers of ours built and read again.
    expect(Object.getPrototypeOf(seen[0])).toBe(Object.prototype);
    expect(seen[0]).toEqual({
      "x-a": "call",
      "user-agent": `dashscope/${VERSION}`,
      "content-type": "application/json",
      authorization: "Bearer t",
      "idempotency-key": "key-1",
    });
    expect(api.requests[0]?.headers["x-a"]).toBe("call");
  });

  it("joins a name given twice, in pairs or in two cases of one object, as Headers does", async () => {
    const api = await startTestServer(json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/a", {
      headers: [
        ["X-A", "1"],
        ["x-a", "2"],
      ],
    });
    await request(client, "/a", { headers: { "X-A": "1", "x-a": "2" } });
    expect(api.requests.map((sent) => sent.headers["x-a"])).toEqual(["1, 2", "1, 2"]);
  });

  it.each([
    ["a plain object", () => JSON.parse('{"__proto__": "x"}')],
    ["pairs", () => [["__proto__", "x"]]],
    ["a Headers instance", () => new Headers([["__proto__", "x"]])],
  ])(
    "refuses a header named __proto__ in %s, which an object of headers cannot carry",
    async (_kind, make) => {
      const fetch = vi.fn();
      const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1", fetch });
      const error = await request(client, "/a", { headers: make() }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "headers" });
      expect((error as Error).message).toBe("Invalid headers: expected valid header names");
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  it("sends an Idempotency-Key when asked: generated, or the caller's", async () => {
    const api = await startTestServer(json(201, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/predictions", { method: "POST", body: {}, idempotencyKey: true });
    await request(client, "/predictions", { method: "POST", body: {}, idempotencyKey: "mine" });
    await request(client, "/predictions", { method: "POST", body: {} });
    const keys = api.requests.map((sent) => sent.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[\w-]{16,}$/);
    expect(keys.slice(1)).toEqual(["mine", undefined]);
  });

  it("sends the token and the client's headers only to the API origin", async () => {
    const api = await startTestServer(json(200, {}));
    const elsewhere = await startTestServer(json(200, {}));
    const client = createClient({
      auth: "secret-token",
      baseUrl: api.baseUrl,
      headers: { "X-Api-Key": "also-secret" },
    });
    await request(client, `${elsewhere.origin}/stream/abc`);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
    expect(elsewhere.requests[0]?.headers["x-api-key"]).toBeUndefined();
    // Another port is another origin, even on the same host.
    expect(api.requests).toHaveLength(0);
  });

  it("fails before the network without a token, naming both ways to set one", async () => {
    vi.stubEnv("DASHSCOPE_API_TOKEN", "");
    const fetch = vi.fn();
    const client = createClient({ baseUrl: "http://127.0.0.1:9/v1", fetch });
    const error = await request(client, "/account").catch((caught: unknown) => caught);
    vi.unstubAllEnvs();
    expect(isMissingAuthError(error)).toBe(true);
    expect((error as Error).message).toMatch(/pass `auth`.*DASHSCOPE_API_TOKEN/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("uses the client's fetch, looked up at call time, called detached", async () => {
    const api = await startTestServer(json(200, { via: "server" }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const seen: Array<{ url: string; self: unknown }> = [];
    client.fetch = function (this: unknown, url, init) {
      seen.push({ url: String(url), self: this });
      return globalThis.fetch(url, init);
    };
    expect(await requestJson(client, "/account")).toEqual({ via: "server" });
    expect(seen).toEqual([{ url: `${api.baseUrl}/account`, self: undefined }]);
  });

  it("gives undefined for a 204", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(204).end();
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect(await requestJson(client, "/deployments/a/b", { method: "DELETE" })).toBeUndefined();
  });
});

/** A client whose `fetch` records the headers it is handed (`seen`), then sends the request. */
function headerRecordingClient(baseUrl: string, headers?: Record<string, string>) {
  const seen: unknown[] = [];
  const client = createClient({
    auth: "t",
    baseUrl,
    headers,
    fetch: (url, init) => {
      seen.push(init?.headers);
      return fetch(url, init);
    },
  });
  return { client, seen };
}

function circularBody() {
  const body: Record<string, unknown> = { input: {} };
  (body.input as Record<string, unknown>).self = body;
  return body;
}

describe("request arguments", () => {
  const bad = (value: unknown) => value as never;

  it.each<[string, string, unknown, RequestOptions?]>([
    ["route", "a missing route", undefined],
    ["route", "a route that is not a string", 42],
    ["method", "a method that is not a string", "/account", { method: bad(5) }],
    ["signal", "a signal that is not an AbortSignal", "/account", { signal: bad("stop") }],
    ["timeout", "a timeout below 1", "/account", { timeout: 0 }],
    ["timeout", "a timeout that is not a number", "/account", { timeout: bad("10") }],
    ["maxRetries", "maxRetries below 0", "/account", { maxRetries: -1 }],
    ["headers", "headers as a string", "/account", { headers: bad("x-api-key: secret") }],
    ["body", "a circular body", "/predictions", { method: "POST", body: circularBody() }],
    ["body", "a body holding a BigInt", "/predictions", { method: "POST", body: [1n] }],
  ])("refuses %s (%s) before anything is sent", async (argument, _case, route, options) => {
    const fetch = vi.fn();
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1", fetch });
    const error = await request(client, route as string, options).catch((caught: unknown) => caught);
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument });
    expect((error as Error).message).toMatch(new RegExp(`^Invalid ${argument}: expected `));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("checks a token assigned after createClient the same way, without showing it", async () => {
    const fetch = vi.fn();
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1", fetch });
    client.auth = "tok_secret_value\r\nX-Injected: yes";
    const error = await request(client, "/account").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "auth" });
    expect((error as Error).message).not.toContain("secret");
    expect(fetch).not.toHaveBeenCalled();
    // Trimmed there too: a line break at the end is no reason to fail.
    client.auth = "tok_123\n";
    client.fetch = async (_url, init) => Response.json(new Headers(init?.headers).get("authorization"));
    expect(await requestJson(client, "/account")).toBe("Bearer tok_123");
  });
});

describe("a client changed after createClient", () => {
  it("is checked again before each request, naming the header and hiding its value", async () => {
    const fetch = vi.fn();
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1", fetch });
    client.headers = { "X-Key": "SECRET-1\u0007" };
    const error = await request(client, "/account").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "InvalidArgumentError", argument: 'headers["X-Key"]' });
    expect((error as Error).message).not.toContain("SECRET");
    client.headers = "x-key: v" as never;
    await expect(request(client, "/account")).rejects.toMatchObject({ argument: "headers" });
    client.headers = {};
    client.maxRetries = -1;
    await expect(request(client, "/account")).rejects.toMatchObject({ argument: "maxRetries" });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("reading the body of a 2xx answer", () => {
  it("reads a JSON answer once, without copying it into a second Response (requestJson and waitFor)", async () => {
    const api = await startTestServer(
      json(200, { ok: true }),
      json(200, { id: "p1", status: "succeeded" }, { "preference-applied": "wait=60" }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    // fetch makes its own answers without the global; any Response made here would be a copy.
    const made = vi.fn();
    vi.stubGlobal(
      "Response",
      new Proxy(Response, {
        construct: (target, args, newTarget) => {
          made();
          return Reflect.construct(target, args, newTarget);
        },
      }),
    );
    try {
      expect(await requestJson(client, "/a")).toEqual({ ok: true });
      expect(await waitFor(client, { id: "p1", status: "starting" }, "/predictions/p1")).toEqual({
        id: "p1",
        status: "succeeded",
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(made).not.toHaveBeenCalled();
  });

  it("decodes a character split across chunks, and one answer's broken end never reaches the next", async () => {
    const euro = Buffer.from("€");
    const api = await startTestServer(
      async (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write(Buffer.concat([Buffer.from('{"price":"'), euro.subarray(0, 1)]));
        await new Promise((resolve) => setTimeout(resolve, 20));
        response.end(Buffer.concat([euro.subarray(1), Buffer.from('"}')]));
      },
      (_request, response) => {
        // A body cut inside a character: the first byte of "€" and nothing after it.
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(Buffer.concat([Buffer.from('"a'), euro.subarray(0, 1)]));
      },
      json(200, { price: "5" }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect(await requestJson(client, "/a")).toEqual({ price: "€" });
    const error = await requestJson(client, "/b").catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('"\\"a\uFFFD"');
    expect(await requestJson(client, "/c")).toEqual({ price: "5" });
  });

  it("drops a byte order mark at the start of an answer, in one chunk or several, as response.json() does", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const api = await startTestServer(
      (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(Buffer.concat([bom, Buffer.from('{"n":1}')]));
      },
      async (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write(bom);
        await new Promise((resolve) => setTimeout(resolve, 20));
        response.end('{"n":2}');
      },
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect(await requestJson(client, "/a")).toEqual({ n: 1 });
    expect(await requestJson(client, "/b")).toEqual({ n: 2 });
  });

  it("reads none for a 204 or a 205", async () => {
    const api = await startTestServer(
      (_request, response) => {
        response.writeHead(205).end();
      },
      (_request, response) => {
        response.writeHead(204).end();
      },
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect(await requestJson(client, "/a", { method: "POST", idempotent: true })).toBeUndefined();
    const response = await request(client, "/a", { buffer: true });
    expect(response.status).toBe(204);
  });

  it("is an AbortError when the caller aborts while the body comes", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":');
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = requestJson(client, "/predictions/p1", { signal: controller.signal });
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(isAbortError(error), String(error)).toBe(true);
  });

  it("is a ConnectionError when the connection drops while the body comes", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":"abc');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 0 });
    const error = await requestJson(client, "/predictions/p1").catch((caught: unknown) => caught);
    expect(isConnectionError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\/predictions\/p1 failed/);
  });
});
