import { describe, expect, it } from "vitest";
import { createClient, isInvalidArgumentError, listPage } from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

describe("listPage", () => {
  it("fetches the first page, a page by cursor, and a page by URL, always on its own route", async () => {
    const api = await startTestServer(json(200, { next: null, previous: null, results: [1] }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await listPage(client, "/predictions");
    await listPage(client, "/predictions", { cursor: "abc" });
    await listPage(client, "/predictions", { cursor: "https://elsewhere.example/v1/other?cursor=def" });
    expect(api.requests.map((sent) => sent.url)).toEqual([
      "/v1/predictions",
      "/v1/predictions?cursor=abc",
      "/v1/predictions?cursor=def",
    ]);
  });

  it.each(["", 5, "https://x.example/v1/predictions", "http://"])("rejects the cursor %j", async (cursor) => {
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1" });
    const error = await Promise.resolve()
      .then(() => listPage(client, "/predictions", { cursor: cursor as string }))
      .catch((caught) => caught);
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error.message).toMatch(/^Invalid cursor: expected a page cursor or a page URL with a cursor/);
  });
});
