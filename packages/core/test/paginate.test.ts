import { describe, expect, it } from "vitest";
import {
  createClient,
  isInvalidArgumentError,
  isInvalidResponseError,
  type Page,
  paginate,
  paginateItems,
  requestJson,
} from "../src/index";
import { type Handler, json, startTestServer } from "./helpers/test-server";

/** Serves `pages` pages of two items each, linked by opaque cursors. */
async function pagedServer(pages: number, nextFor?: (origin: string, index: number) => string | null) {
  const started = await startTestServer((request, response) => {
    const cursor = new URL(request.url, "http://x").searchParams.get("cursor");
    const index = cursor ? Number(atob(cursor)) : 0;
    const next = index + 1 < pages ? `${started.baseUrl}/things?cursor=${btoa(String(index + 1))}` : null;
    json(200, {
      previous: null,
      next: nextFor ? nextFor(started.origin, index) : next,
      results: [`item-${index}-a`, `item-${index}-b`],
    })(request, response);
  });
  return started;
}

describe("paginate", () => {
  it("yields each page's results array, following next verbatim and passing the signal on", async () => {
    const api = await pagedServer(3);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const list = ({ signal }: { signal?: AbortSignal }) => {
      expect(signal).toBe(controller.signal);
      return requestJson<Page<string>>(client, "/things", { signal });
    };
    const pages: string[][] = [];
    for await (const page of paginate(client, list, { signal: controller.signal })) pages.push(page);
    expect(pages).toEqual([
      ["item-0-a", "item-0-b"],
      ["item-1-a", "item-1-b"],
      ["item-2-a", "item-2-b"],
    ]);
    expect(api.requests.map((sent) => sent.url)).toEqual([
      "/v1/things",
      "/v1/things?cursor=MQ==",
      "/v1/things?cursor=Mg==",
    ]);
  });

  it("can be driven by hand, and takes a page or a promise of one", async () => {
    const api = await pagedServer(2);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const paginator = paginate(client, requestJson<Page<string>>(client, "/things"));
    expect((await paginator.next()).value).toEqual(["item-0-a", "item-0-b"]);
    expect((await paginator.next()).value).toEqual(["item-1-a", "item-1-b"]);
    expect((await paginator.next()).done).toBe(true);
  });

  it("offers every item across pages", async () => {
    const api = await pagedServer(2);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const items: string[] = [];
    for await (const item of paginateItems(client, () => requestJson<Page<string>>(client, "/things")))
      items.push(item);
    expect(items).toEqual(["item-0-a", "item-0-b", "item-1-a", "item-1-b"]);
  });

  it("handles many pages without recursion", async () => {
    const api = await pagedServer(300);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    let count = 0;
    for await (const _page of paginate(client, () => requestJson<Page<string>>(client, "/things"))) count++;
    expect(count).toBe(300);
  });

  it.each([
    ["another host", () => "https://evil.example/v1/things?cursor=x"],
    ["another scheme", (origin: string) => `${origin.replace("http:", "https:")}/v1/things?cursor=x`],
    ["another port", () => "http://127.0.0.1:1/v1/things?cursor=x"],
  ])("refuses a next URL on %s, before sending anything there", async (_label, next) => {
    const api = await pagedServer(2, (origin) => next(origin));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const pages = paginate(client, () => requestJson<Page<string>>(client, "/things"));
    await pages.next();
    const error = await pages.next().catch((caught) => caught);
    expect(isInvalidResponseError(error)).toBe(true);
    expect(error.message).toMatch(/^Refusing to follow a `next` page on another origin/);
    expect(api.requests).toHaveLength(1);
  });

  it("stops a next URL that loops", async () => {
    const api = await pagedServer(2, (origin) => `${origin}/v1/things?cursor=MA==`);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await (async () => {
      for await (const _page of paginate(client, () => requestJson<Page<string>>(client, "/things"))) {
      }
    })().catch((caught) => caught);
    expect(error.message).toMatch(/^Pagination loops back/);
  });

  it("stops a next URL that differs from one already sent only by its #fragment, which is never sent", async () => {
    let served = 0;
    const api = await startTestServer((request, response) =>
      json(200, {
        previous: null,
        next: `${api.baseUrl}/things?cursor=MA==#page-${++served}`,
        results: [request.url],
      })(request, response),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await (async () => {
      for await (const _page of paginate(client, () => requestJson<Page<string>>(client, "/things"))) {
      }
    })().catch((caught) => caught);
    expect(isInvalidResponseError(error), String(error)).toBe(true);
    expect(error.message).toMatch(/^Pagination loops back/);
    // The first page, then the cursor once: its second appearance (another fragment) is the loop.
    expect(api.requests.map((request) => request.url)).toEqual(["/v1/things", "/v1/things?cursor=MA=="]);
  });

  it("rejects an answer without results", async () => {
    const bad: Handler = json(200, { next: null });
    const api = await startTestServer(bad);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await expect(paginate(client, requestJson<Page<string>>(client, "/things")).next()).rejects.toThrow(
      "A list endpoint answered without a `results` array",
    );
  });

  it.each([
    ["missing", undefined],
    ["a string", "predictions"],
    ["an object that is not a page", { items: [] }],
  ])("blames the caller, not the server, for a first page that is %s", async (_kind, first) => {
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1" });
    const error = await paginate(client, first as never)
      .next()
      .catch((caught: unknown) => caught);
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument: "first" });
  });
});
