import { type AnsweringServer, answerWith, startAnsweringServer } from "test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import Dashscope, { isPredictionAbortedError, PredictionAbortedError } from "../src/index";

// Answers for every route the new methods reach, so each can be followed from the class to the wire.
let server: AnsweringServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function answering(): Promise<{ dashscope: Dashscope; sent: () => string[] }> {
  server = await startAnsweringServer((request, response, origin) => {
    const url = new URL(request.url, origin);
    if (url.pathname.endsWith("/readme")) return answerWith(response, 200, "# Readme", "text/plain");
    if (url.pathname.endsWith("/download"))
      return answerWith(response, 200, "bytes", "application/octet-stream");
    if (request.method === "DELETE")
      return answerWith(response, url.pathname.includes("/versions/") ? 202 : 204);
    if (url.pathname === "/v1/search")
      return answerWith(response, 200, { query: "q", models: [], collections: [], pages: [] });
    const last = url.searchParams.get("cursor") === "2";
    url.searchParams.set("cursor", "2");
    return answerWith(response, 200, { previous: null, next: last ? null : url.href, results: [] });
  });
  const { origin, requests } = server;
  return {
    dashscope: new Dashscope({ auth: "test-token", baseUrl: `${origin}/v1`, maxRetries: 0 }),
    sent: () => requests.map(({ method, url }) => `${method} ${url}`),
  };
}

describe("the class reaches every new operation under the name a replicate user would guess", () => {
  it("models.update, models.delete, models.versions.delete, models.examples.list, models.readme.get", async () => {
    const { dashscope, sent } = await answering();
    await dashscope.models.update("alice", "hot-dog", { description: "d" });
    await expect(dashscope.models.delete("alice", "hot-dog")).resolves.toBe(true);
    await expect(dashscope.models.versions.delete("alice", "hot-dog", "v1")).resolves.toBe(true);
    await dashscope.models.examples.list("alice", "hot-dog");
    await expect(dashscope.models.readme.get("alice", "hot-dog")).resolves.toBe("# Readme");
    expect(sent()).toEqual([
      "PATCH /v1/models/alice/hot-dog",
      "DELETE /v1/models/alice/hot-dog",
      "DELETE /v1/models/alice/hot-dog/versions/v1",
      "GET /v1/models/alice/hot-dog/examples",
      "GET /v1/models/alice/hot-dog/readme",
    ]);
  });

  it("files.download and search", async () => {
    const { dashscope, sent } = await answering();
    const response = await dashscope.files.download("abc", { owner: "alice", expiry: 1, signature: "s" });
    expect(await response.text()).toBe("bytes");
    await expect(dashscope.search("hot dog", { limit: 3 })).resolves.toMatchObject({ query: "q" });
    expect(sent()).toEqual([
      "GET /v1/files/abc/download?owner=alice&expiry=1&signature=s",
      "GET /v1/search?query=hot+dog&limit=3",
    ]);
  });

  it("list filters and sort, through paginate as a user would write it", async () => {
    const { dashscope, sent } = await answering();
    for await (const _ of dashscope.paginate(dashscope.predictions.list, { source: "web" })) {
      // Every page, so that `next` is followed.
    }
    for await (const _ of dashscope.paginate(() => dashscope.models.list({ sort_by: "model_created_at" }))) {
      // The other spelling: a function that calls the list with its options.
    }
    expect(sent()).toEqual([
      "GET /v1/predictions?source=web",
      "GET /v1/predictions?source=web&cursor=2",
      "GET /v1/models?sort_by=model_created_at",
      "GET /v1/models?sort_by=model_created_at&cursor=2",
    ]);
  });

  it("exports PredictionAbortedError and its guard", () => {
    const error = new PredictionAbortedError({ id: "p", status: "aborted" });
    expect(isPredictionAbortedError(error)).toBe(true);
    expect(isPredictionAbortedError(new Error("Prediction p was aborted"))).toBe(false);
  });
});
