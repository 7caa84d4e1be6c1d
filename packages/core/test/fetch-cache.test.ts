import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, FileOutput, getAccount, request } from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

// Which fetch options a request used cannot be seen by a server: these tests wrap a real fetch to a
// local server and record the options.

afterEach(() => {
  vi.unstubAllGlobals();
});

const WORKERD_REFUSAL = "The 'cache' field on 'RequestInitializerDict' is not implemented.";

/** A fetch to the real server that records each call's `cache` option; `refuse` throws as old workerd did. */
function recordingFetch({ refuse = false } = {}) {
  const caches: Array<RequestCache | undefined> = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    caches.push(init?.cache);
    // workerd refuses the field when it has a value; `cache: undefined` counts as left out.
    if (refuse && init?.cache !== undefined) throw new Error(WORKERD_REFUSAL);
    return globalThis.fetch(url, init);
  };
  return { caches, fetch };
}

describe('cache: "no-store"', () => {
  it("is asked of fetch by every request, so that no framework's data cache answers it", async () => {
    const api = await startTestServer(json(200, { type: "user", username: "u", name: "U" }));
    const { caches, fetch } = recordingFetch();
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, fetch });
    await getAccount(client);
    await request(client, "/predictions", { method: "POST", body: { input: {} } });
    await new FileOutput(`${api.origin}/file.png`, client).blob();
    expect(caches).toEqual(["no-store", "no-store", "no-store"]);
  });

  it("is left out where Request has no cache field, as in Cloudflare Workers before 2024-11-11", async () => {
    // Such a runtime: its Request has no `cache`, and its fetch throws when given the field.
    vi.stubGlobal("Request", { prototype: {} });
    const api = await startTestServer(json(200, { type: "user", username: "u", name: "U" }));
    const { caches, fetch } = recordingFetch({ refuse: true });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, fetch, maxRetries: 0 });
    expect(await getAccount(client)).toMatchObject({ username: "u" });
    await new FileOutput(`${api.origin}/file.png`, client).blob();
    expect(caches).toEqual([undefined, undefined]);
    expect(api.requests).toHaveLength(2);
  });
});
