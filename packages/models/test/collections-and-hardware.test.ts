import { type Client, NotFoundError, paginate } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollection, listCollections, listHardware } from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 1 }));
});
afterAll(() => emulator.close());

describe("listCollections", () => {
  it("answers pages of collections without their models", async () => {
    const page = await listCollections(client);
    expect(page.results).toHaveLength(1);
    expect(page.results[0]).toHaveProperty("slug");
    expect(page.results[0]?.models).toBeUndefined();
  });

  it("is paginated by core's paginate", async () => {
    // The emulator has one collection, so this is one page however small the page size.
    const pages = [];
    for await (const page of paginate(client, (options) => listCollections(client, options)))
      pages.push(page);
    expect(pages.flatMap((page) => page.map((collection) => collection.slug))).toEqual(["built-in"]);
    expect((await listCollections(client)).next).toBeNull();
  });

  it("refuses a bad cursor before any request", async () => {
    await expectInvalidArgument(emulator, () => listCollections(client, { cursor: "" }), "cursor", /cursor/);
  });
});

describe("getCollection", () => {
  it("answers a collection with its models", async () => {
    const collection = await getCollection(client, "built-in");
    expect(collection.slug).toBe("built-in");
    expect(collection.models.map((model) => model.name)).toContain("hello-world");
  });

  it("rejects an unknown slug with a NotFoundError", async () => {
    const error = await rejectionOf(getCollection(client, "no-such-collection"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as NotFoundError).requestId).toBeTruthy();
  });

  it.each(BAD_SEGMENTS)("refuses the slug %j before any request", async (slug) => {
    await expectInvalidArgument(emulator, () => getCollection(client, slug as string), "slug", /slug/);
  });
});

describe("listHardware", () => {
  it("answers a bare array of names and SKUs", async () => {
    const hardware = await listHardware(client);
    expect(Array.isArray(hardware)).toBe(true);
    expect(hardware.length).toBeGreaterThan(0);
    for (const item of hardware) {
      expect(item.name).toBeTypeOf("string");
      expect(item.sku).toBeTypeOf("string");
    }
    expect(hardware.map((item) => item.sku)).toContain("cpu");
  });
});
