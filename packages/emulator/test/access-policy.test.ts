import { describe, expect, it } from "vitest";
import { parseCliArguments, UsageError } from "../src/cli-arguments";
import { createEmulator, EMULATOR_TOKEN } from "../src/index";
import { json, startEmulator } from "./helpers";
import { rawRequest } from "./raw-http";

const portOf = (url: string) => Number(new URL(url).port);
const AUTHORIZATION = `Bearer ${EMULATOR_TOKEN}`;
const CREATE_BODY = JSON.stringify({ input: { text: "x" } });

describe("who may reach the emulator", () => {
  it("refuses a foreign origin on the inspection routes, with no CORS grant and no effect", async () => {
    const { api, url, emulator } = await startEmulator();
    const port = portOf(url);
    await api("/account");
    const origin = "https://attacker.example";

    const read = await rawRequest(port, { path: "/_emulator/requests", headers: { origin } });
    expect(read.status).toBe(403);
    expect(read.headers["content-type"]).toBe("application/problem+json");
    expect(read.headers["access-control-allow-origin"]).toBeUndefined();
    expect(read.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(read.text).not.toContain("/account");

    // Preflight-free "simple" requests a page can send anywhere: they must not act.
    const textPlain = { "content-type": "text/plain", origin };
    const reset = await rawRequest(port, { method: "POST", path: "/_emulator/reset", headers: textPlain });
    expect(reset.status).toBe(403);
    expect(emulator.requests).toHaveLength(1);
    const faults = await rawRequest(port, {
      method: "POST",
      path: "/_emulator/faults",
      headers: textPlain,
      body: JSON.stringify({ inject: { kind: "500", times: 5 } }),
    });
    expect(faults.status).toBe(403);
    expect((await api("/account")).status).toBe(200);
  });

  it("refuses a foreign origin on the API, even with a valid token, and creates nothing", async () => {
    const { url, emulator } = await startEmulator();
    const port = portOf(url);
    for (const origin of ["https://attacker.example", "null", "http://127.0.0.1.attacker.example:8787"]) {
      const create = await rawRequest(port, {
        method: "POST",
        path: "/v1/models/dashscope/hello-world/predictions",
        headers: { origin, "content-type": "text/plain", authorization: AUTHORIZATION },
        body: CREATE_BODY,
      });
      expect(create.status).toBe(403);
      expect(create.headers["access-control-allow-origin"]).toBeUndefined();
      expect(JSON.parse(create.text)).toMatchObject({ status: 403, title: "Forbidden" });
    }
    const preflight = await rawRequest(port, {
      method: "OPTIONS",
      path: "/v1/predictions",
      headers: { origin: "https://attacker.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(emulator.stats.predictionsCreated).toBe(0);
  });

  it("refuses a cross-site state change that carries no Origin", async () => {
    const { url, emulator } = await startEmulator();
    const answer = await rawRequest(portOf(url), {
      method: "POST",
      path: "/v1/models/dashscope/hello-world/predictions",
      headers: { "sec-fetch-site": "cross-site", authorization: AUTHORIZATION },
      body: CREATE_BODY,
    });
    expect(answer.status).toBe(403);
    expect(emulator.stats.predictionsCreated).toBe(0);
  });

  it("serves pages on loopback origins, echoing the origin without credentials", async () => {
    const { url } = await startEmulator();
    const port = portOf(url);
    for (const origin of [
      "http://localhost:5173",
      "https://localhost",
      "http://127.0.0.1:3000",
      "http://127.1.2.3",
      "http://[::1]:8080",
    ]) {
      const answer = await rawRequest(port, {
        path: "/v1/account",
        headers: { origin, authorization: AUTHORIZATION },
      });
      expect(answer.status, origin).toBe(200);
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
      const log = await rawRequest(port, { path: "/_emulator/requests", headers: { origin } });
      expect(log.status).toBe(200);
      expect(log.headers["access-control-allow-origin"]).toBe(origin);
    }
  });

  it("refuses a foreign Host header (DNS rebinding) and serves loopback and bound ones", async () => {
    const { url } = await startEmulator();
    const port = portOf(url);
    const account = (host: string) =>
      rawRequest(port, { path: "/v1/account", headers: { host, authorization: AUTHORIZATION } });
    for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.nip.io:${port}`]) {
      const answer = await account(host);
      expect(answer.status, host).toBe(403);
      expect(answer.headers["content-type"]).toBe("application/problem+json");
      expect((await rawRequest(port, { path: "/_emulator/requests", headers: { host } })).status).toBe(403);
    }
    // A URL parser would read 127.0.0.1 out of this one: it is no host name, and never served.
    expect((await account(`evil.example@127.0.0.1:${port}`)).status).toBe(400);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "localhost"]) {
      expect((await account(host)).status, host).toBe(200);
    }
  });

  it("opens up only to the origins and hosts it is given", async () => {
    const { url } = await startEmulator({
      allowedOrigins: ["https://app.example:8443"],
      allowedHosts: ["devbox.local"],
    });
    const port = portOf(url);
    const allowed = await rawRequest(port, {
      path: "/v1/account",
      headers: {
        origin: "https://app.example:8443",
        host: `devbox.local:${port}`,
        authorization: AUTHORIZATION,
      },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://app.example:8443");
    const loopbackStill = await rawRequest(port, {
      path: "/v1/account",
      headers: { origin: "http://localhost:3000", authorization: AUTHORIZATION },
    });
    expect(loopbackStill.status).toBe(200);
    const refusals: Record<string, string>[] = [{ origin: "https://app.example" }, { host: "other.example" }];
    for (const headers of refusals) {
      const refused = await rawRequest(port, {
        path: "/v1/account",
        headers: { ...headers, authorization: AUTHORIZATION },
      });
      expect(refused.status).toBe(403);
    }
  });

  it('opens up to any origin and host with "*"', async () => {
    const { url } = await startEmulator({ allowedOrigins: ["*"], allowedHosts: ["*"] });
    const answer = await rawRequest(portOf(url), {
      path: "/v1/account",
      headers: { origin: "https://anywhere.example", host: "anywhere.example", authorization: AUTHORIZATION },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBe("https://anywhere.example");
  });

  it("answers in process whatever the request URL's host, but still checks Origin", async () => {
    const emulator = createEmulator();
    try {
      const inProcess = (headers: Record<string, string>) =>
        emulator.fetch(
          new Request("http://emulator.test/v1/account", {
            headers: { authorization: AUTHORIZATION, ...headers },
          }),
        );
      expect((await inProcess({})).status).toBe(200);
      const refused = await inProcess({ origin: "https://attacker.example" });
      expect(refused.status).toBe(403);
      expect(await json(refused)).toMatchObject({ status: 403 });
    } finally {
      await emulator.close();
    }
  });

  it("keeps no credential of any kind in the request log", async () => {
    const { api, emulator } = await startEmulator();
    await api("/account", {
      headers: {
        cookie: "session=secret-cookie",
        "x-api-key": "secret-key",
        "proxy-authorization": "Basic c2VjcmV0",
      },
    });
    const [entry] = emulator.requests;
    expect(entry?.headers).toMatchObject({
      authorization: "Bearer [redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "proxy-authorization": "[redacted]",
    });
    expect(JSON.stringify(emulator.requests)).not.toMatch(/secret|c2VjcmV0/);
  });

  it("refuses malformed options with a RangeError", () => {
    expect(() => createEmulator({ allowedOrigins: "https://app.example" as never })).toThrow(RangeError);
    expect(() => createEmulator({ allowedOrigins: ["not an origin"] })).toThrow(/allowedOrigins/);
    expect(() => createEmulator({ allowedOrigins: ["https://app.example/path"] })).toThrow(/allowedOrigins/);
    expect(() => createEmulator({ allowedHosts: [""] })).toThrow(/allowedHosts/);
    expect(() => createEmulator({ allowedHosts: ["a b"] })).toThrow(/allowedHosts/);
  });

  it("takes --allow-origin and --allow-host on the command line", () => {
    const command = parseCliArguments([
      "--allow-origin",
      "https://app.example",
      "--allow-origin",
      "http://devbox.local:3000",
      "--allow-host",
      "*",
    ]);
    expect(command).toMatchObject({
      kind: "serve",
      options: {
        allowedOrigins: ["https://app.example", "http://devbox.local:3000"],
        allowedHosts: ["*"],
      },
    });
    expect(() => parseCliArguments(["--allow-origin", "nope"])).toThrow(UsageError);
  });
});
