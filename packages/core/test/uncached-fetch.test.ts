import { describe, expect, it, vi } from "vitest";
import type * as Core from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

// Which fetch options a request used cannot be seen by a server: these tests wrap a real fetch to a
// local server and record the options. Each test loads core afresh, since a refusal of the `cache`
// field is remembered for the rest of the process.
async function freshCore(): Promise<typeof Core> {
  vi.resetModules();
  return import("../src/index");
}

/** A fetch to the real server that records the `cache` option of each call and can refuse it, as workerd did. */
function recordingFetch(refuse?: Error) {
  const caches: Array<RequestCache | undefined> = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    caches.push(init?.cache);
    // workerd refuses the field when it has a value; `cache: undefined` counts as left out.
    if (refuse && init?.cache !== undefined) throw refuse;
    return globalThis.fetch(url, init);
  };
  return { caches, fetch };
}

const WORKERD_REFUSAL = "The 'cache' field on 'RequestInitializerDict' is not implemented.";

describe("cache: no-store", () => {
  it("is asked of fetch by every request, so that no framework's data cache answers it", async () => {
    const { createClient, FileOutput, getAccount, request } = await freshCore();
    const api = await startTestServer(json(200, { type: "user", username: "u", name: "U" }));
    const { caches, fetch } = recordingFetch();
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, fetch });
    await getAccount(client);
    await request(client, "/predictions", { method: "POST", body: { input: {} } });
    await new FileOutput(`${api.origin}/file.png`, client).blob();
    expect(caches).toEqual(["no-store", "no-store", "no-store"]);
  });

  it("is left out, once and for all, by a fetch that refuses it as Cloudflare Workers did", async () => {
    const { createClient, getAccount } = await freshCore();
    const api = await startTestServer(json(200, { type: "user", username: "u", name: "U" }));
    const { caches, fetch } = recordingFetch(new Error(WORKERD_REFUSAL));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, fetch, maxRetries: 0 });
    expect(await getAccount(client)).toMatchObject({ username: "u" });
    expect(await getAccount(client)).toMatchObject({ username: "u" });
    // The refused call, the same call without the field, then only calls without it.
    expect(caches).toEqual(["no-store", undefined, undefined]);
    expect(api.requests).toHaveLength(2);
  });

  it("is kept after a failure that is not about it", async () => {
    const { createClient, getAccount, isConnectionError } = await freshCore();
    const api = await startTestServer(json(200, { type: "user", username: "u", name: "U" }));
    const { caches, fetch } = recordingFetch(new TypeError("fetch failed"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, fetch, maxRetries: 0 });
    const error = await getAccount(client).catch((caught) => caught);
    expect(isConnectionError(error), String(error)).toBe(true);
    expect(caches).toEqual(["no-store"]);
    expect(api.requests).toHaveLength(0);
  });
});
