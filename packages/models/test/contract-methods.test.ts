import { type Client, NotFoundError, paginate } from "@dashscope/core";
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
  deleteModel,
  deleteModelVersion,
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

// Answers for the operations the emulator does not serve yet, and a log of what was sent.
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
  it("sends PATCH with only the fields given and answers the model", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 200, { ...MODEL, description: "New" }),
    );
    const model = await updateModel(server.client, "alice", "hot-dog", {
      description: "New",
      readme: "# Hot dog",
      paper_url: undefined,
    });
    expect(model.description).toBe("New");
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: "PATCH", url: "/v1/models/alice/hot-dog" });
    expect(sent?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(sent?.body ?? "")).toEqual({ description: "New", readme: "# Hot dog" });
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
  it("deleteModel sends DELETE and resolves true on the 204", async () => {
    server = await startAnsweringServer((_request, response) => answerWith(response, 204));
    await expect(deleteModel(server.client, "alice", "hot-dog")).resolves.toBe(true);
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "DELETE /v1/models/alice/hot-dog",
    ]);
  });

  it("deleteModelVersion sends DELETE and resolves true on the 202, which has no JSON body", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 202, "Accepted", "text/plain"),
    );
    await expect(deleteModelVersion(server.client, "alice", "hot-dog", "abc123")).resolves.toBe(true);
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "DELETE /v1/models/alice/hot-dog/versions/abc123",
    ]);
  });

  it("a refusal is the server's ApiError", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 404, { title: "Not found", status: 404 }, "application/problem+json"),
    );
    expect(await rejectionOf(deleteModel(server.client, "alice", "gone"))).toBeInstanceOf(NotFoundError);
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
  it("listModelExamples answers a page of predictions from the examples route", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 200, { previous: null, next: null, results: [{ id: "example" }] }),
    );
    const page = await listModelExamples(server.client, "alice", "hot-dog");
    expect(page.results).toEqual([{ id: "example" }]);
    expect(server.requests[0]?.url).toBe("/v1/models/alice/hot-dog/examples");
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

  it("getModelReadme answers the Markdown text as it came", async () => {
    const markdown = '# Hot dog\n\nDetects *hot dogs*. {"not": json}\n';
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 200, markdown, "text/plain; charset=utf-8"),
    );
    await expect(getModelReadme(server.client, "alice", "hot-dog")).resolves.toBe(markdown);
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/v1/models/alice/hot-dog/readme" });
    expect(server.requests[0]?.headers.accept).toBe("text/plain");
  });

  it("getModelReadme of a model without one is a NotFoundError", async () => {
    server = await startAnsweringServer((_request, response) =>
      answerWith(response, 404, { title: "Not found", status: 404 }, "application/problem+json"),
    );
    expect(await rejectionOf(getModelReadme(server.client, "alice", "bare"))).toBeInstanceOf(NotFoundError);
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
