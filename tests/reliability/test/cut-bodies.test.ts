import type { ServerResponse } from "node:http";
import { createClient, isConnectionError, request, requestJson } from "@dashscope/core";
import Dashscope from "dashscope";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rejectionOf } from "./helpers/outcome";
import { type RawRequest, type RawServer, startRawServer } from "./helpers/raw-server";

// A 2xx whose headers arrive but whose body breaks off halfway: reading the body is part of the
// attempt, so it is retried exactly like a connection lost before the headers.

const PREDICTION = {
  id: "cutbody1",
  status: "succeeded",
  version: "v",
  input: { text: "Alice" },
  output: "hello Alice",
  urls: { get: "", cancel: "" },
};

/** Sends the headers and half of `body`, promising all of it, then resets the connection. */
function cutOff(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, { "content-type": "application/json", "content-length": String(text.length) });
  response.write(text.slice(0, text.length >> 1));
  setTimeout(() => response.socket?.destroy(), 20);
}

describe("a 2xx answer whose body is cut off midway", () => {
  let server: RawServer;
  // How many of the next answers are cut off.
  let cuts = 0;

  beforeAll(async () => {
    server = await startRawServer((incoming: RawRequest, response) => {
      const body = incoming.url.includes("/account")
        ? { type: "user", username: "a", name: "A" }
        : PREDICTION;
      if (cuts > 0) {
        cuts--;
        cutOff(response, body);
        return;
      }
      response.writeHead(incoming.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    cuts = 0;
  });

  const client = (maxRetries = 2) =>
    new Dashscope({ auth: "cut-body-token", baseUrl: `${server.origin}/v1`, maxRetries });

  it("a GET is retried and succeeds", async () => {
    cuts = 1;
    const prediction = await client().predictions.get("cutbody1");
    expect(prediction.output).toBe("hello Alice");
    expect(server.requests.map((sent) => sent.method)).toEqual(["GET", "GET"]);
  });

  it("a create is retried with the same Idempotency-Key, so it makes one prediction", async () => {
    cuts = 2;
    const prediction = await client().predictions.create({ model: "a/b", input: { text: "Alice" } });
    expect(prediction.id).toBe("cutbody1");
    const keys = server.requests.map((sent) => sent.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/\S/);
  });

  it("run retries a cut-off create and a cut-off poll", async () => {
    cuts = 1;
    expect(await client().run("a/b", { input: { text: "Alice" } })).toBe("hello Alice");
    expect(server.requests.map((sent) => sent.method)).toEqual(["POST", "POST"]);
  });

  it("wait retries a cut-off poll", async () => {
    cuts = 1;
    const final = await client().wait({ ...PREDICTION, status: "processing" } as never, { interval: 1 });
    expect((final as { status: string }).status).toBe("succeeded");
    expect(server.requests.map((sent) => sent.method)).toEqual(["GET", "GET"]);
  });

  it("once the retries are used up: a ConnectionError that says the answer was cut off", async () => {
    cuts = 3;
    const error = await rejectionOf(() => client(1).accounts.current());
    expect(isConnectionError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/GET \S+\/v1\/account failed: the answer was cut off/);
    expect((error as Error).message).not.toMatch(/before an answer arrived/);
    expect(server.requests).toHaveLength(2);
  });

  it("a POST that is not idempotent is not repeated", async () => {
    cuts = 1;
    const plain = createClient({ auth: "cut-body-token", baseUrl: `${server.origin}/v1` });
    const error = await rejectionOf(() => requestJson(plain, "/things", { method: "POST", body: {} }));
    expect(isConnectionError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/cut off/);
    expect(server.requests).toHaveLength(1);
  });

  it("request with buffer: true hands back a fully read Response, retried the same way", async () => {
    cuts = 1;
    const plain = createClient({ auth: "cut-body-token", baseUrl: `${server.origin}/v1` });
    const response = await request(plain, "/predictions/cutbody1", { buffer: true });
    expect(await response.json()).toEqual(PREDICTION);
    expect(server.requests).toHaveLength(2);
  });
});
