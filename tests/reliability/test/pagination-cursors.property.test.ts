import type { ServerResponse } from "node:http";
import Dashscope, { type Page } from "dashscope";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { answer, type RawRequest, type RawServer, startRawServer } from "./helpers/raw-server";
import { RECORDING_BASE_URL, recordingClient } from "./helpers/recording-fetch";

/** Cursors as opaque as a server may make them: any text, with the characters URLs care about often. */
const cursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }),
  fc.base64String({ minLength: 4, maxLength: 40 }),
  fc
    .array(fc.constantFrom("&", "=", "#", "?", "%", "+", " ", "/", "%2F", "&cursor=evil", "a"), {
      minLength: 1,
      maxLength: 6,
    })
    .map((pieces) => pieces.join("")),
);

const LISTS: Array<[string, string, (dashscope: Dashscope, cursor: string) => Promise<unknown>]> = [
  [
    "predictions.list",
    "/v1/predictions",
    (dashscope, value) => dashscope.predictions.list({ cursor: value }),
  ],
  ["models.list", "/v1/models", (dashscope, value) => dashscope.models.list({ cursor: value })],
  [
    "models.versions.list",
    "/v1/models/owner/name/versions",
    (dashscope, value) => dashscope.models.versions.list("owner", "name", { cursor: value }),
  ],
  [
    "collections.list",
    "/v1/collections",
    (dashscope, value) => dashscope.collections.list({ cursor: value }),
  ],
  ["trainings.list", "/v1/trainings", (dashscope, value) => dashscope.trainings.list({ cursor: value })],
  [
    "deployments.list",
    "/v1/deployments",
    (dashscope, value) => dashscope.deployments.list({ cursor: value }),
  ],
];

describe("pagination cursors", () => {
  it.each(LISTS)("%s sends any cursor intact, on its own route and origin", async (_name, path, list) => {
    await fc.assert(
      fc.asyncProperty(cursor, fc.webUrl(), async (value, otherOrigin) => {
        const { dashscope, calls } = recordingClient();
        await list(dashscope, value);
        // A whole page URL, from anywhere, is reduced to its cursor and stays on the API's origin.
        const pageUrl = new URL(otherOrigin);
        pageUrl.searchParams.set("cursor", value);
        await list(dashscope, pageUrl.href);
        expect(calls).toHaveLength(2);
        for (const call of calls) {
          expect(call.url.origin).toBe(new URL(RECORDING_BASE_URL).origin);
          expect(call.url.pathname).toBe(path);
          expect([...call.url.searchParams.keys()]).toEqual(["cursor"]);
          expect(call.url.searchParams.get("cursor")).toBe(value);
        }
      }),
      { numRuns: 200 },
    );
  });

  describe("paginate over a server with generated cursors", () => {
    let server: RawServer;
    // The pages the current property run serves, keyed by the cursor that asks for each.
    let pages = new Map<string, Page<number>>();
    const first = (): Page<number> | undefined => pages.get("");

    beforeAll(async () => {
      server = await startRawServer((request: RawRequest, response: ServerResponse) => {
        const url = new URL(request.url, server.origin);
        const page = pages.get(url.searchParams.get("cursor") ?? "");
        if (page) answer(response, 200, page);
        else answer(response, 400, { title: "Bad request", detail: `unknown cursor ${url.search}` });
      });
    });
    afterAll(() => server.close());

    it("follows every `next` verbatim, yields every item once and in order, and stops at null", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(cursor, { minLength: 0, maxLength: 6 }),
          fc.array(fc.array(fc.integer(), { maxLength: 5 }), { minLength: 7, maxLength: 7 }),
          async (cursors, items) => {
            const base = `${server.origin}/v1`;
            pages = new Map();
            const keys = ["", ...cursors];
            keys.forEach((key, index) => {
              const nextKey = keys[index + 1];
              const next = new URL(`${base}/predictions`);
              if (nextKey !== undefined) next.searchParams.set("cursor", nextKey);
              pages.set(key, {
                previous: null,
                next: nextKey === undefined ? null : next.href,
                results: items[index] ?? [],
              });
            });
            const before = server.requests.length;
            const dashscope = new Dashscope({ auth: "token", baseUrl: base, maxRetries: 0 });
            const seen: number[][] = [];
            for await (const page of dashscope.paginate(dashscope.predictions.list)) {
              seen.push(page as unknown as number[]);
            }
            expect(first()).toBeDefined();
            expect(seen).toEqual(keys.map((_, index) => items[index] ?? []));
            const asked = server.requests
              .slice(before)
              .map((request) => new URL(request.url, server.origin).searchParams.get("cursor"));
            expect(asked).toEqual([null, ...cursors]);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe("against the emulator's own cursors", () => {
    let server: TestEmulator;
    beforeAll(async () => {
      server = await startEmulator({ pageSize: 3 });
    });
    afterAll(() => server.close());

    it("every prediction comes once, even with predictions created between pages", async () => {
      const dashscope = server.client();
      const created = new Set<string>();
      for (let index = 0; index < 10; index++) {
        created.add(
          (
            await dashscope.predictions.create({
              model: "dashscope/hello-world",
              input: { text: `${index}` },
            })
          ).id,
        );
      }
      const seen: string[] = [];
      for await (const page of dashscope.paginate(dashscope.predictions.list)) {
        seen.push(...page.map((prediction) => prediction.id));
        // A newer prediction must not shift the pages still to come.
        await dashscope.predictions.create({
          model: "dashscope/hello-world",
          input: { text: "between pages" },
        });
      }
      expect(seen.filter((id) => created.has(id)).sort()).toEqual([...created].sort());
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
});
