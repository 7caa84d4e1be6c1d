import { createClient, isInvalidArgumentError, MAX_DATA_URI_BYTES, request } from "@dashscope/core";
import Dashscope from "dashscope";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { rejectionOf } from "./helpers/outcome";
import { secretExposures } from "./helpers/secret-exposure";

// Bad input gets an InvalidArgumentError that names it, before a single byte is sent.

let server: TestEmulator;
beforeAll(async () => {
  server = await startEmulator();
});
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
});

/** Asserts that `call` rejects with an InvalidArgumentError for `argument` and that the emulator got nothing. */
async function expectRefused(call: () => unknown, argument: string, message?: RegExp) {
  const before = server.emulator.stats.requests.length;
  const error = await rejectionOf(call);
  expect(isInvalidArgumentError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ argument });
  if (message) expect((error as Error).message).toMatch(message);
  expect(server.emulator.stats.requests.length).toBe(before);
  return error as Error;
}

describe("input that JSON would mangle or choke on", () => {
  const circular: Record<string, unknown> = { text: "a" };
  circular.self = { again: circular };
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a circular structure", circular, "input.self.again", /circular/],
    ["a BigInt", { count: 10n }, "input.count", /BigInt/],
    ["a Map", { table: new Map([["a", 1]]) }, "input.table", /Map/],
    ["a Set", { tags: new Set(["a"]) }, "input.tags", /Set/],
    [
      "a Date deep in an array",
      { items: [{}, {}, { when: new Date(0) }] },
      "input.items[2].when",
      /got a Date/,
    ],
    ["NaN", { temperature: Number.NaN }, "input.temperature", /got NaN/],
    ["Infinity", { limits: { top: Number.POSITIVE_INFINITY } }, "input.limits.top", /Infinity/],
    ["-Infinity under an odd key", { "a b": [Number.NEGATIVE_INFINITY] }, 'input["a b"][0]', /-Infinity/],
  ];

  for (const [name, input, argument, message] of cases) {
    it(`run refuses ${name}, naming ${argument}`, async () => {
      await expectRefused(() => server.client().run("dashscope/hello-world", { input }), argument, message);
    });
    it(`predictions.create refuses ${name}`, async () => {
      await expectRefused(
        () => server.client().predictions.create({ model: "dashscope/hello-world", input }),
        argument,
      );
    });
  }

  it("the same object twice (no cycle) is fine", async () => {
    const shared = { text: "Alice" };
    const output = await server.client().run("dashscope/hello-world", { input: { ...shared, copy: shared } });
    expect(output).toBe("hello Alice");
  });
});

describe("file inputs over the data-URI limit", () => {
  it("are refused by their size, before any is read or encoded", async () => {
    const read = vi.spyOn(Blob.prototype, "arrayBuffer");
    const half = new Uint8Array(MAX_DATA_URI_BYTES / 2 + 1);
    await expectRefused(
      () => server.client().run("dashscope/hello-world", { input: { a: half, b: new Blob([half]) } }),
      "input",
      /more than 10 MB/,
    );
    expect(read).not.toHaveBeenCalled();
  });
});

describe("transport arguments", () => {
  it("an invalid URL passed to request", async () => {
    await expectRefused(() => server.client().request("http://exa mple.com/x"), "route");
  });

  it.each([
    ["a line break", "key\r\nX-Injected: 1"],
    ["a number", 42],
    ["an empty-looking control character", "\u0000"],
  ])("an idempotency key with %s", async (_name, idempotencyKey) => {
    const client = createClient({ auth: "emulator-token", baseUrl: server.url });
    await expectRefused(
      () =>
        request(client, "/predictions", {
          method: "POST",
          body: {},
          idempotencyKey: idempotencyKey as string,
        }),
      "idempotencyKey",
    );
  });

  it("a userAgent with a line break", async () => {
    await expectRefused(() => new Dashscope({ userAgent: "me\r\nX-Injected: 1" }), "userAgent");
  });

  it("a userAgent changed on the client afterwards", async () => {
    const dashscope = server.client();
    dashscope.userAgent = "me\nX-Injected: 1";
    await expectRefused(() => dashscope.accounts.current(), "userAgent");
  });

  it("a client header with a control character names the header and hides its value", async () => {
    const secret = "gw-key-SECRET-1234\u0007";
    const error = await expectRefused(
      () => new Dashscope({ baseUrl: server.url, headers: { "x-gateway-key": secret } }),
      'headers["x-gateway-key"]',
    );
    expect(secretExposures(error, "gw-key-SECRET-1234")).toEqual([]);
  });

  it("a per-call header with a line break names the header and hides its value", async () => {
    const error = await expectRefused(
      () => server.client().request("/account", { headers: { "x-api-key": "SECRET-abc\r\nX: y" } }),
      'headers["x-api-key"]',
    );
    expect(error.message).not.toContain("SECRET-abc");
  });

  it("a header name that no server would read", async () => {
    await expectRefused(() => new Dashscope({ headers: { "bad name": "v" } }), "headers");
  });
});
