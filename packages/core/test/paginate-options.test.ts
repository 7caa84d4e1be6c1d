import { describe, expect, it } from "vitest";
import {
  createClient,
  isInvalidArgumentError,
  listPage,
  type Page,
  paginate,
  requestJson,
} from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

describe("paginate's options", () => {
  it("go to the list function, filters and all, so a filtered list is filtered on its first page", async () => {
    const api = await startTestServer(json(200, { previous: null, next: null, results: ["only"] }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const received: unknown[] = [];
    const list = (options: { source?: string; signal?: AbortSignal }) => {
      received.push(options);
      return requestJson<Page<string>>(client, "/things", { query: { source: options.source } });
    };
    const pages: string[][] = [];
    for await (const page of paginate(client, list, { source: "web" })) pages.push(page);
    expect(pages).toEqual([["only"]]);
    expect(received).toEqual([{ source: "web" }]);
    expect(api.requests.map(({ url }) => url)).toEqual(["/v1/things?source=web"]);
  });

  it.each([
    ["a page", { previous: null, next: null, results: [] }],
    ["a promise of a page", Promise.resolve({ previous: null, next: null, results: [] })],
  ])("are refused beside %s, which was fetched without them, rather than dropped", async (_label, first) => {
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1" });
    const pages = paginate(client, first as Page<never>, { source: "web" } as never);
    const error = await pages.next().then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'option "source"' });
  });
});

describe("listPage's option names", () => {
  it("are its own and its query's: a filter another list has, or a misspelt one, is refused before sending", async () => {
    const api = await startTestServer(json(200, { previous: null, next: null, results: [] }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    for (const options of [{ source: "web" }, { limit: 5 }, { cursr: "x" }]) {
      const error = await Promise.resolve()
        .then(() => listPage(client, "/trainings", options as never))
        .catch((rejection: unknown) => rejection);
      expect(isInvalidArgumentError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain("expected one of: cursor signal timeout maxRetries");
    }
    const filtered = await listPage(client, "/things", { source: "web" } as never, { source: "web" });
    expect(filtered.results).toEqual([]);
    expect(api.requests.map(({ url }) => url)).toEqual(["/v1/things?source=web"]);
  });

  it("options must be an object", async () => {
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1" });
    const error = await Promise.resolve()
      .then(() => listPage(client, "/things", null as never))
      .catch((rejection: unknown) => rejection);
    expect(error).toMatchObject({ argument: "options" });
  });
});
