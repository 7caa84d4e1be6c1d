import { createClient } from "@dashscope/core";
import Dashscope from "dashscope";
import { afterEach, describe, expect, it, vi } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("dashscope.fetch", () => {
  it("is a function from construction, as replicate's is", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => typeof client.fetch);
    expect(ours).toBe("function");
    expect(theirs).toBe(ours);
    expect(typeof createClient({ auth: token }).fetch).toBe("function");
  });

  it("can be wrapped: the wrapper sees every request, and the inner fetch still sends it", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const logged: string[] = [];
      const inner = client.fetch;
      client.fetch = (url, init) => {
        logged.push(String(url));
        return inner(url, init);
      };
      const output = await client.run("dashscope/hello-world", { input: { text: "wrapped" } });
      return { output, first: logged[0]?.replace(server.baseUrl, "") };
    });
    expect(ours).toEqual({ output: "hello wrapped", first: "/models/dashscope/hello-world/predictions" });
    expect(theirs).toEqual(ours);
  });

  it("calls globalThis.fetch detached, so a browser's fetch does not throw Illegal invocation", async () => {
    const realFetch = globalThis.fetch;
    // A browser's fetch refuses to run as a method of anything but the global object.
    const browserLikeFetch = function (this: unknown, url: string | URL | Request, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return realFetch(url, init);
    };
    vi.stubGlobal("fetch", browserLikeFetch);
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    expect(await dashscope.run("dashscope/hello-world", { input: { text: "detached" } })).toBe(
      "hello detached",
    );
    // Called as a method of the client, as code written for replicate may do.
    const response = await dashscope.fetch(`${server.baseUrl}/hardware`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
  });

  it("looks globalThis.fetch up at each call, so a polyfill installed after construction is used", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const client = createClient({ auth: token, baseUrl: server.baseUrl });
    const realFetch = globalThis.fetch;
    const seen: string[] = [];
    vi.stubGlobal("fetch", (url: string | URL | Request, init?: RequestInit) => {
      seen.push(String(url).replace(server.baseUrl, ""));
      return realFetch(url, init);
    });
    await dashscope.hardware.list();
    await client.fetch(`${server.baseUrl}/account`, { headers: { Authorization: `Bearer ${token}` } });
    expect(seen).toEqual(["/hardware", "/account"]);
  });

  it("refuses a fetch that is not a function, naming it", () => {
    expect(() => new Dashscope({ auth: token, fetch: "fetch" as never })).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", argument: "fetch" }),
    );
  });
});
