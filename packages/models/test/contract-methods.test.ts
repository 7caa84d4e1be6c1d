import { type Client, ConflictError, NotFoundError, PermissionDeniedError, paginate } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import {
  type AnsweringServer,
  answerWith,
  BAD_SEGMENTS,
  expectInvalidArgument,
  rejectionOf,
  startAnsweringServer,
  startEmulator,
} from "test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createModel,
  deleteModel,
  deleteModelVersion,
  getModel,
  getModelReadme,
  type ListModelsOptions,
  listModelExamples,
  listModels,
  search,
  updateModel,
} from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator());
});
afterAll(() => emulator.close());

// Answers the emulator does not give (a version deletion accepted, a body that looks like JSON), and a log.
let server: AnsweringServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MODEL = {
  url: "https://dashscope.test/alice/hot-dog",
  owner: "alice",
  name: "hot-dog",
  description: "Detects hot dogs",
  visibility: "private",
  github_url: null,
  paper_url: null,
  license_url: null,
  run_count: 0,
  cover_image_url: null,
  default_example: null,
  latest_version: null,
};

describe("listModels sort", () => {
  it("sends sort_by and sort_direction as query parameters", async () => {
    await listModels(client, { sort_by: "model_created_at", sort_direction: "asc" });
    expect(emulator.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/models",
      query: { sort_by: "model_created_at", sort_direction: "asc" },
    });
  });

  it.each([
    ["sort_by", "created_at", /"model_created_at" or "latest_version_created_at"/],
    ["sort_by", "", /"model_created_at"/],
    ["sort_direction", "descending", /"asc" or "desc"/],
    ["sort_direction", "DESC", /"asc" or "desc"/],
  ])("refuses %s %j before sending", async (argument, value, message) => {
    await expectInvalidArgument(emulator, () => listModels(client, { [argument]: value }), argument, message);
  });

  it.each(["sortBy", "sortDirection", "order"])(
    "refuses the unknown option %s rather than drop it",
    async (name) => {
      await expectInvalidArgument(
        emulator,
        () => listModels(client, { [name]: "asc" } as ListModelsOptions),
        `option "${name}"`,
        /signal timeout maxRetries sort_by sort_direction/,
      );
    },
  );

  it("keeps the sort through paginate", async () => {
    server = await startAnsweringServer((request, response, origin) => {
      const url = new URL(request.url, origin);
      const last = url.searchParams.has("cursor");
      url.searchParams.set("cursor", "2");
      answerWith(response, 200, { previous: null, next: last ? null : url.href, results: [MODEL] });
    });
    const { client: answered } = server;
    let count = 0;
    for await (const page of paginate(
      answered,
      (options: ListModelsOptions) => listModels(answered, options),
      {
        sort_by: "model_created_at",
      },
    )) {
      count += page.length;
    }
    expect(count).toBe(2);
    expect(server.requests.map(({ url }) => url)).toEqual([
      "/v1/models?sort_by=model_created_at",
      "/v1/models?sort_by=model_created_at&cursor=2",
    ]);
  });
});

describe("updateModel", () => {
  it("sends PATCH with only the fields given and answers the updated model", async () => {
    await createModel(client, "dashscope", "to-update", { visibility: "private", hardware: "cpu" });
    const model = await updateModel(client, "dashscope", "to-update", {
      description: "New",
      readme: "# Hot dog",
      paper_url: undefined,
    });
    expect(model).toMatchObject({ owner: "dashscope", name: "to-update", description: "New" });
    const sent = emulator.requests.at(-1);
    expect(sent).toMatchObject({ method: "PATCH", path: "/models/dashscope/to-update", status: 200 });
    expect(sent?.headers["content-type"]).toMatch(/^application\/json/);
    expect(sent?.body).toEqual({ description: "New", readme: "# Hot dog" });
    await expect(getModelReadme(client, "dashscope", "to-update")).resolves.toBe("# Hot dog");
  });

  it("a model that is not yours is the server's ApiError", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 403, { title: "Forbidden", status: 403 }, "application/problem+json"),
    );
    const error = await rejectionOf(updateModel(server.client, "someone", "else", { description: "d" }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
  });

  it.each([
    ["not an object", "New", "fields", /an object/],
    ["an array", ["description"], "fields", /an object/],
    ["null", null, "fields", /an object/],
    ["empty", {}, "fields", /at least one of: description, readme/],
    ["all undefined", { description: undefined }, "fields", /at least one of/],
    ["an unknown field", { name: "renamed" }, "fields.name", /one of: description, readme, github_url/],
    [
      "a field the create takes but the update does not",
      { visibility: "public" },
      "fields.visibility",
      /one of/,
    ],
    ["a field that is not a string", { description: 42 }, "fields.description", /a string/],
    ["a field set to null", { github_url: null }, "fields.github_url", /a string/],
  ])("refuses fields %s before sending", async (_label, fields, argument, message) => {
    await expectInvalidArgument(
      emulator,
      () => updateModel(client, "dashscope", "hello-world", fields as never),
      argument,
      message,
    );
  });

  it.each(BAD_SEGMENTS)("refuses the owner or name %j before sending", async (bad) => {
    await expectInvalidArgument(
      emulator,
      () => updateModel(client, bad as string, "x", { description: "d" }),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateModel(client, "x", bad as string, { description: "d" }),
      "name",
      /name/,
    );
  });
});

describe("deleteModel and deleteModelVersion", () => {
  it("deleteModel sends DELETE and resolves true on the 204; the model is gone", async () => {
    await createModel(client, "dashscope", "to-delete", { visibility: "private", hardware: "cpu" });
    await expect(deleteModel(client, "dashscope", "to-delete")).resolves.toBe(true);
    expect(emulator.requests.at(-1)).toMatchObject({
      method: "DELETE",
      path: "/models/dashscope/to-delete",
      status: 204,
    });
    expect(await rejectionOf(getModel(client, "dashscope", "to-delete"))).toBeInstanceOf(NotFoundError);
  });

  it("a delete the server's rules refuse (a public model) is its ConflictError", async () => {
    expect(await rejectionOf(deleteModel(client, "dashscope", "hello-world"))).toBeInstanceOf(ConflictError);
    const { latest_version } = await getModel(client, "dashscope", "hello-world");
    const error = await rejectionOf(
      deleteModelVersion(client, "dashscope", "hello-world", latest_version?.id as string),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(emulator.requests.at(-1)?.path).toBe(
      `/models/dashscope/hello-world/versions/${latest_version?.id}`,
    );
  });

  it("deleteModelVersion resolves true on the 202, whatever its body", async () => {
    // The emulator's own models are public, so an accepted deletion comes from a plain server here.
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 202, "Accepted", "text/plain"),
    );
    await expect(deleteModelVersion(server.client, "alice", "hot-dog", "abc123")).resolves.toBe(true);
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "DELETE /v1/models/alice/hot-dog/versions/abc123",
    ]);
  });

  it.each(BAD_SEGMENTS)("refuses the owner, name or version %j before sending", async (bad) => {
    await expectInvalidArgument(emulator, () => deleteModel(client, bad as string, "x"), "owner", /owner/);
    await expectInvalidArgument(emulator, () => deleteModel(client, "x", bad as string), "name", /name/);
    await expectInvalidArgument(
      emulator,
      () => deleteModelVersion(client, "x", "y", bad as string),
      "versionId",
      /versionId/,
    );
  });
});

describe("listModelExamples and getModelReadme", () => {
  it("listModelExamples answers a page of the model's example predictions", async () => {
    const page = await listModelExamples(client, "dashscope", "hello-world");
    expect(Array.isArray(page.results)).toBe(true);
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results[0]).toMatchObject({ id: expect.any(String), input: expect.any(Object) });
    expect(emulator.requests.at(-1)).toMatchObject({
      path: "/models/dashscope/hello-world/examples",
      status: 200,
    });
  });

  it("listModelExamples takes a cursor like every list", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 200, { previous: null, next: null, results: [] }),
    );
    await listModelExamples(server.client, "alice", "hot-dog", {
      cursor: `${server.origin}/v1/x?cursor=abc`,
    });
    expect(server.requests[0]?.url).toBe("/v1/models/alice/hot-dog/examples?cursor=abc");
  });

  it("getModelReadme answers the Markdown text as it came, asking for text/plain", async () => {
    const readme = await getModelReadme(client, "dashscope", "hello-world");
    expect(readme).toMatch(/^#/);
    expect(emulator.requests.at(-1)).toMatchObject({
      path: "/models/dashscope/hello-world/readme",
      status: 200,
    });
    expect(emulator.requests.at(-1)?.headers.accept).toBe("text/plain");
  });

  it("getModelReadme keeps text that looks like JSON as text", async () => {
    const markdown = '{"not": "json"}\n';
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 200, markdown, "text/plain; charset=utf-8"),
    );
    await expect(getModelReadme(server.client, "alice", "hot-dog")).resolves.toBe(markdown);
  });

  it("getModelReadme of a model without one is a NotFoundError", async () => {
    await createModel(client, "dashscope", "no-readme", { visibility: "private", hardware: "cpu" });
    expect(await rejectionOf(getModelReadme(client, "dashscope", "no-readme"))).toBeInstanceOf(NotFoundError);
  });

  it.each(BAD_SEGMENTS)("both refuse the owner %j before sending", async (bad) => {
    await expectInvalidArgument(
      emulator,
      () => listModelExamples(client, bad as string, "x"),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(emulator, () => getModelReadme(client, bad as string, "x"), "owner", /owner/);
  });
});

describe("search", () => {
  const RESULTS = {
    query: "hot dog",
    models: [
      { model: MODEL, metadata: { generated_description: "Finds hot dogs", tags: ["food"], score: 1.2 } },
    ],
    collections: [{ name: "Food", slug: "food", description: "Food models", models: ["alice/hot-dog"] }],
    pages: [{ name: "Getting started", href: "/docs/start" }],
  };

  it("sends GET /search with the query and limit, and answers models, collections and pages", async () => {
    const found = await search(client, "hello", { limit: 2 });
    expect(found).toMatchObject({ query: "hello", collections: expect.any(Array), pages: expect.any(Array) });
    expect(found.models.length).toBeGreaterThan(0);
    expect(found.models.length).toBeLessThanOrEqual(2);
    expect(found.models[0]).toMatchObject({
      model: { owner: expect.any(String) },
      metadata: expect.any(Object),
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/search",
      query: { query: "hello", limit: "2" },
      status: 200,
    });
  });

  it("answers what the server sent, typed", async () => {
    server = await startAnsweringServer((_request, response) => answerWith(response, 200, RESULTS));
    await expect(search(server.client, "hot dog", { limit: 10 })).resolves.toEqual(RESULTS);
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET /v1/search?query=hot+dog&limit=10",
    ]);
  });

  it("leaves limit out when not given (the server's default)", async () => {
    server = await startAnsweringServer((_request, response) => answerWith(response, 200, RESULTS));
    await search(server.client, "hot dog");
    expect(server.requests[0]?.url).toBe("/v1/search?query=hot+dog");
  });

  it.each([
    ["query", "", /non-empty/],
    ["query", "   ", /non-empty/],
    ["query", 42, /non-empty/],
    ["query", undefined, /non-empty/],
  ])("refuses the %s %j before sending", async (argument, value, message) => {
    await expectInvalidArgument(emulator, () => search(client, value as string), argument, message);
  });

  it.each([0, 51, 1.5, -1, "10", Number.NaN, null])("refuses the limit %j before sending", async (limit) => {
    await expectInvalidArgument(
      emulator,
      () => search(client, "hot dog", { limit: limit as number }),
      "limit",
      /a whole number from 1 to 50/,
    );
  });
});
