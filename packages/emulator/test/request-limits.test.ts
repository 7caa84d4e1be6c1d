import { describe, expect, it } from "vitest";
import { parseCliArguments } from "../src/cli-arguments";
import { createEmulator } from "../src/index";
import { json, type Loose, startEmulator } from "./helpers";

const rootOf = (url: string) => url.replace(/\/v1$/, "");
const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const nestedInput = (levels: number) =>
  `{"input":{"text":"x","deep":${"[".repeat(levels - 2)}${"]".repeat(levels - 2)}}}`;

describe("one bad body breaks nothing", () => {
  it("refuses a 5,000-level body with a 400 problem, not a 500", async () => {
    const { api } = await startEmulator();
    const body = `{"input":{"text":${nested(5000)}}}`;
    expect(body.length).toBeLessThan(11_000);
    const response = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await json(response)).detail).toMatch(/nest.*64/);
  });

  it("takes nesting up to maxJsonDepth and refuses one level more", async () => {
    const { api } = await startEmulator({ maxJsonDepth: 6 });
    const create = (body: string) =>
      api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    expect((await create(nestedInput(6))).status).toBe(201);
    expect((await create(nestedInput(7))).status).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect((await create(`{"input":{"text":"${"[{".repeat(50)}\\"]"}}`)).status).toBe(201);
  });

  it("keeps the request log readable after hostile bodies, unauthenticated ones included", async () => {
    const { api, url } = await startEmulator();
    const hostile = nested(20_000);
    await api("/predictions", { method: "POST", token: null, body: hostile });
    await api("/predictions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: hostile,
    });
    await api("/models", { method: "QUERY", headers: { "content-type": "text/plain" }, body: hostile });
    const log = await fetch(`${rootOf(url)}/_emulator/requests`);
    expect(log.status).toBe(200);
    const entries = await json<Loose[]>(log);
    expect(entries).toHaveLength(3);
    // Too deep to keep as JSON: kept as (cut) text, which any reader can render.
    expect(typeof entries[1].body).toBe("string");
    expect((await api("/account")).status).toBe(200);
  });

  it("refuses deeply nested file metadata, and the file list still answers", async () => {
    const { api } = await startEmulator();
    const form = new FormData();
    form.append("content", new Blob(["hi"], { type: "text/plain" }), "hi.txt");
    form.append("metadata", `{"a":${nested(20_000)}}`);
    const upload = await api("/files", { method: "POST", body: form });
    expect(upload.status).toBe(400);
    expect((await api("/files")).status).toBe(200);
  });
});

describe("memory is bounded", () => {
  it("keeps at most requestLogLimit entries, dropping the oldest", async () => {
    const { api, emulator } = await startEmulator({ requestLogLimit: 5 });
    for (let index = 0; index < 8; index++) await api(`/account?n=${index}`);
    expect(emulator.requests.map((request) => request.query.n)).toEqual(["3", "4", "5", "6", "7"]);
  });

  it("keeps at most requestLogBodyBytes of each body, marked truncated", async () => {
    const { api, emulator } = await startEmulator({ requestLogBodyBytes: 1024 });
    const big = JSON.stringify({ input: { text: "é".repeat(5000) } });
    await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
    });
    await api("/models", { method: "QUERY", headers: { "content-type": "text/plain" }, body: "small" });
    const [cut, small] = emulator.requests;
    expect(cut?.status).toBe(201);
    expect(cut?.truncated).toBe(true);
    expect(typeof cut?.body).toBe("string");
    expect(new TextEncoder().encode(cut?.body as string).byteLength).toBeLessThanOrEqual(1024);
    expect(big.startsWith(cut?.body as string)).toBe(true);
    expect(small).toMatchObject({ body: "small" });
    expect(small?.truncated).toBeUndefined();
  });

  it("keeps no body of a refused request, and a reset empties the log", async () => {
    const { api, emulator } = await startEmulator();
    const body = "x".repeat(1024 * 1024);
    for (let index = 0; index < 30; index++) {
      const response = await api("/predictions", { method: "POST", token: "wrong", body });
      expect(response.status).toBe(401);
    }
    expect(emulator.requests).toHaveLength(30);
    expect(emulator.requests.every((request) => request.body === null)).toBe(true);
    expect(JSON.stringify(emulator.requests).length).toBeLessThan(30 * 1024);
    emulator.reset();
    expect(emulator.requests).toHaveLength(0);
  });

  // stats.requests keeps a record of every request (so counts stay exact): what one request puts there
  // must be small, however long the path and headers a client sends without a token.
  it("keeps each stats.requests record small, however long its path and headers", async () => {
    const { api, emulator } = await startEmulator();
    // Node takes 16 KiB of request line and headers: about 15 KiB of them here.
    const long = "a".repeat(3_000);
    for (let index = 0; index < 10; index++) {
      const response = await api(`/predictions/${long.repeat(2)}`, {
        token: "wrong",
        headers: { "idempotency-key": long, prefer: long, "last-event-id": long },
      });
      expect(response.status).toBe(401);
    }
    expect(emulator.stats.requests).toHaveLength(10);
    expect(JSON.stringify(emulator.stats.requests).length).toBeLessThan(10 * 6 * 1024);
    const [record] = emulator.stats.requests;
    expect(record?.path.startsWith("/predictions/aaa")).toBe(true);
    expect(record?.route).toBe("/predictions/{id}");
  });

  it("answers 413 above maxBodyBytes, on the API and on the inspection routes", async () => {
    const { api, url } = await startEmulator({ maxBodyBytes: 1000 });
    const body = "x".repeat(2000);
    const create = await api("/predictions", { method: "POST", body });
    expect(create.status).toBe(413);
    const faults = await fetch(`${rootOf(url)}/_emulator/faults`, { method: "POST", body });
    expect(faults.status).toBe(413);
  });

  it("checks the limits' values, in code and on the command line", () => {
    for (const option of ["maxJsonDepth", "requestLogLimit", "requestLogBodyBytes"] as const) {
      expect(() => createEmulator({ [option]: -1 })).toThrow(RangeError);
      expect(() => createEmulator({ [option]: 1.5 })).toThrow(option);
    }
    expect(() => createEmulator({ maxJsonDepth: 0 })).toThrow(RangeError);
    expect(() => createEmulator({ requestLogLimit: 0 })).toThrow(RangeError);
    // No body kept at all is a valid choice.
    expect(() => createEmulator({ requestLogBodyBytes: 0 }).close()).not.toThrow();
    expect(
      parseCliArguments([
        "--max-json-depth",
        "10",
        "--request-log-limit",
        "50",
        "--request-log-body-bytes",
        "100",
      ]),
    ).toMatchObject({ options: { maxJsonDepth: 10, requestLogLimit: 50, requestLogBodyBytes: 100 } });
  });
});
