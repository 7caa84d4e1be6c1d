import {
  type Client,
  ConflictError,
  isAbortError,
  isApiError,
  NotFoundError,
  paginate,
  paginateItems,
} from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, getModel, listModels, type Model, searchModels } from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 2 }));
});
afterAll(() => emulator.close());

describe("getModel", () => {
  it("returns a built-in model with its latest version", async () => {
    const model = await getModel(client, "dashscope", "hello-world");
    expect(model).toMatchObject({ owner: "dashscope", name: "hello-world", visibility: "public" });
    expect(model.latest_version?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects an unknown model with a NotFoundError carrying the request id", async () => {
    const error = await rejectionOf(getModel(client, "dashscope", "no-such-model"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ name: "ApiError", status: 404, method: "GET" });
    const { requestId, response } = error as NotFoundError;
    expect(requestId).toBeTruthy();
    expect(requestId).toBe(response.headers.get("x-request-id"));
    expect((error as Error).message).toContain(requestId as string);
  });

  it.each(BAD_SEGMENTS)("refuses the owner or name %j before any request", async (bad) => {
    await expectInvalidArgument(
      emulator,
      () => getModel(client, bad as string, "hello-world"),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(emulator, () => getModel(client, "dashscope", bad as string), "name", /name/);
  });

  it("escapes what it lets through", async () => {
    await rejectionOf(getModel(client, "dashscope", "hello world"));
    expect(emulator.stats.requests.at(-1)?.path).toBe("/models/dashscope/hello%20world");
  });

  it("stops at an aborted signal", async () => {
    const error = await rejectionOf(
      getModel(client, "dashscope", "hello-world", { signal: AbortSignal.abort() }),
    );
    expect(isAbortError(error)).toBe(true);
  });
});

describe("listModels", () => {
  it("answers one page of models", async () => {
    const page = await listModels(client);
    expect(page.results).toHaveLength(2);
    expect(page.previous).toBeNull();
    expect(page.next).toMatch(/cursor=/);
  });

  it("takes a page's next URL or the bare cursor it carries", async () => {
    const first = await listModels(client);
    const next = first.next as string;
    const byUrl = await listModels(client, { cursor: next });
    const byCursor = await listModels(client, { cursor: new URL(next).searchParams.get("cursor") as string });
    expect(byUrl.results).toEqual(byCursor.results);
    expect(byUrl.results.map((model) => model.name)).not.toContain(first.results[0]?.name);
    expect(emulator.stats.requests.at(-1)?.path).toBe("/models");
  });

  it("is paginated by core's paginate, every model once", async () => {
    const pages = [];
    for await (const page of paginate(client, (options) => listModels(client, options))) pages.push(page);
    expect(pages.length).toBeGreaterThan(2);
    const names = pages.flatMap((page) => page.map((model) => `${model.owner}/${model.name}`));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(["dashscope/hello-world", "dashscope/tiny-trainer", "dashscope/sleep"]),
    );
  });

  it.each([null, "", 7, "https://api.example.com/v1/models"])("refuses the cursor %j", async (cursor) => {
    await expectInvalidArgument(
      emulator,
      () => listModels(client, { cursor: cursor as string }),
      "cursor",
      /expected a page cursor or a page URL with a cursor/,
    );
  });
});

describe("createModel", () => {
  it("creates a model, with an idempotency key, that getModel then returns", async () => {
    const model = await createModel(client, "dashscope", "my-model", {
      visibility: "private",
      hardware: "cpu",
      description: "Made by a test",
      github_url: "https://github.com/dashscope/my-model",
    });
    expect(model).toMatchObject({
      owner: "dashscope",
      name: "my-model",
      visibility: "private",
      description: "Made by a test",
      github_url: "https://github.com/dashscope/my-model",
    });
    const create = emulator.stats.requests.at(-1);
    expect(create).toMatchObject({ method: "POST", path: "/models", status: 201 });
    expect(create?.idempotencyKey).toBeTruthy();
    expect(await getModel(client, "dashscope", "my-model")).toMatchObject({ name: "my-model" });
  });

  it("rejects a model that exists with a ConflictError", async () => {
    const error = await rejectionOf(
      createModel(client, "dashscope", "hello-world", { visibility: "public", hardware: "cpu" }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, name: "ApiError" });
    expect((error as ConflictError).requestId).toBeTruthy();
  });

  it.each([undefined, "secret", "Public", 1])(
    "refuses the visibility %j before any request",
    async (visibility) => {
      await expectInvalidArgument(
        emulator,
        () => createModel(client, "dashscope", "x", { visibility: visibility as "public", hardware: "cpu" }),
        "visibility",
        /"public" or "private"/,
      );
    },
  );

  it.each([undefined, "", 3])("refuses the hardware %j before any request", async (hardware) => {
    await expectInvalidArgument(
      emulator,
      () => createModel(client, "dashscope", "x", { visibility: "public", hardware: hardware as string }),
      "hardware",
      /hardware SKU/,
    );
  });

  it("refuses missing options before any request", async () => {
    await expectInvalidArgument(
      emulator,
      () => createModel(client, "dashscope", "x", undefined as never),
      "visibility",
      /"public" or "private"/,
    );
  });

  it.each(BAD_SEGMENTS)("refuses the owner or name %j before any request", async (bad) => {
    const options = { visibility: "public", hardware: "cpu" } as const;
    await expectInvalidArgument(
      emulator,
      () => createModel(client, bad as string, "x", options),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(
      emulator,
      () => createModel(client, "dashscope", bad as string, options),
      "name",
      /name/,
    );
  });
});

describe("searchModels", () => {
  it("sends the query as text/plain with the QUERY method", async () => {
    const page = await searchModels(client, "hello");
    expect(page.results.map((model: Model) => model.name)).toContain("hello-world");
    expect(emulator.stats.requests.at(-1)).toMatchObject({ method: "QUERY", path: "/models", status: 200 });
  });

  it("keeps searching on the following pages", async () => {
    const all = [];
    for await (const model of paginateItems(client, searchModels(client, "dashscope"))) all.push(model);
    expect(all.length).toBeGreaterThan(2);
    const narrow = [];
    for await (const model of paginateItems(client, searchModels(client, "hello"))) narrow.push(model);
    expect(narrow.length).toBeLessThan(all.length);
  });

  it.each([undefined, "", "   ", 5])("refuses the query %j before any request", async (query) => {
    await expectInvalidArgument(
      emulator,
      () => searchModels(client, query as string),
      "query",
      /search string/,
    );
  });
});
