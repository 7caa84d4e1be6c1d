import { describe, expect, it } from "vitest";
import { createClient, isConnectionError, request, requestJson } from "../src/index";
import { type Handler, json, startTestServer } from "./helpers/test-server";

const TOKEN = "tok_redirect_secret_91c2";
const HEADER_SECRET = "gateway-key-secret-77a0";

function redirect(status: number, location: string): Handler {
  return (_request, response) => {
    response.writeHead(status, { location }).end("moved");
  };
}

function clientOf(baseUrl: string) {
  return createClient({ auth: TOKEN, baseUrl, maxRetries: 0, headers: { "X-Gateway-Key": HEADER_SECRET } });
}

describe("redirects", () => {
  it("follows a redirect on the API's origin with the token and the client's headers", async () => {
    const api = await startTestServer(redirect(302, "/v1/account-moved"), json(200, { username: "u" }));
    expect(await requestJson(clientOf(api.baseUrl), "/account")).toEqual({ username: "u" });
    expect(api.requests.map((sent) => sent.url)).toEqual(["/v1/account", "/v1/account-moved"]);
    expect(api.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(api.requests[1]?.headers["x-gateway-key"]).toBe(HEADER_SECRET);
  });

  it.each([301, 302, 303, 307, 308])(
    "follows a %i to another origin without the token or the client's headers",
    async (status) => {
      const elsewhere = await startTestServer(json(200, { elsewhere: true }));
      const api = await startTestServer(redirect(status, `${elsewhere.origin}/landing`));
      const response = await request(clientOf(api.baseUrl), "/account", {
        method: "POST",
        body: { a: 1 },
        headers: { "X-Call": "per-call" },
        idempotencyKey: "key-1",
      });
      expect(await response.json()).toEqual({ elsewhere: true });
      const [received] = elsewhere.requests;
      expect(elsewhere.requests).toHaveLength(1);
      expect(received?.headers.authorization).toBeUndefined();
      expect(received?.headers["x-gateway-key"]).toBeUndefined();
      expect(JSON.stringify(received)).not.toContain(TOKEN);
      // What the caller gave this one call still goes: it is not a secret of the client's.
      expect(received?.headers["x-call"]).toBe("per-call");
      // A 303 asks for a GET; the others keep the method and the body (as HTTP allows).
      expect(received?.method).toBe(status === 303 ? "GET" : "POST");
      expect(received?.body).toBe(status === 303 ? "" : '{"a":1}');
      expect(received?.headers["content-type"]).toBe(status === 303 ? undefined : "application/json");
    },
  );

  it("never puts the token back after leaving the API's origin, even when redirected back to it", async () => {
    let elsewhereOrigin = "";
    const api = await startTestServer(
      (_request, response) => redirect(302, `${elsewhereOrigin}/out`)(_request, response),
      json(200, { back: true }),
    );
    const elsewhere = await startTestServer(redirect(302, `${api.baseUrl}/back`));
    elsewhereOrigin = elsewhere.origin;
    expect(await requestJson(clientOf(api.baseUrl), "/start")).toEqual({ back: true });
    expect(api.requests.map((sent) => sent.url)).toEqual(["/v1/start", "/v1/back"]);
    // Whoever answered on the way could have chosen where to send it back: it gets nothing of the client's.
    expect(api.requests[1]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify([api.requests[1], ...elsewhere.requests])).not.toMatch(/secret/);
  });

  it("gives up on a redirect loop with a ConnectionError", async () => {
    const api = await startTestServer(redirect(302, "/v1/again"));
    const error = await request(clientOf(api.baseUrl), "/again").catch((caught: unknown) => caught);
    expect(isConnectionError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v1\/again failed .*redirect/);
    expect(api.requests.length).toBe(21);
  });

  it("refuses a redirect a browser hides (an opaque answer to redirect: manual) instead of going unseen", async () => {
    const seen: RequestInit[] = [];
    const client = createClient({
      auth: TOKEN,
      baseUrl: "https://api.example.com/v1",
      maxRetries: 0,
      // What a browser's fetch answers to `redirect: "manual"`: no status, no headers, no body.
      fetch: async (_url, init) => {
        seen.push(init ?? {});
        return {
          type: "opaqueredirect",
          status: 0,
          ok: false,
          headers: new Headers(),
          body: null,
        } as Response;
      },
    });
    const error = await request(client, "/account").catch((caught: unknown) => caught);
    expect(isConnectionError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/could not follow a redirect/);
    expect(seen.map((init) => init.redirect)).toEqual(["manual"]);
  });

  it("lets fetch follow redirects of a request that carries nothing of the client's", async () => {
    const target = await startTestServer(json(200, { ok: true }));
    const elsewhere = await startTestServer(redirect(302, `${target.origin}/final`));
    const api = await startTestServer();
    const seen: Array<RequestRedirect | undefined> = [];
    const client = clientOf(api.baseUrl);
    client.fetch = (url, init) => {
      seen.push(init?.redirect);
      return globalThis.fetch(url, init);
    };
    expect(await requestJson(client, `${elsewhere.origin}/start`)).toEqual({ ok: true });
    expect(seen).toEqual(["follow"]);
  });
});
