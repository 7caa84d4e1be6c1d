import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, isAbortError, isInvalidResponseError, MAX_ANSWER_BYTES } from "@dashscope/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../src";
import { rejectionOf } from "./helpers/emulator";

// Answers the emulator never gives: a server that speaks HTTP but not the API, answering each request with `answer`.
const servers: Array<ReturnType<typeof createServer>> = [];

async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = createClient({ auth: "test-token", baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  return { client, requests };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

describe("run against a server that does not answer with a prediction", () => {
  it.each([
    ["an empty object", {}, /answered without an id/],
    ["an array", [{ id: "abcdefghijklmnopqrstuvwxyz", status: "starting" }], /answered without an id/],
    ["null", null, /answered without an id/],
    ["an id that is a number", { id: 7, status: "starting" }, /answered without an id/],
    [
      "an unknown status",
      { id: "abcdefghijklmnopqrstuvwxyz", status: "exploded" },
      /unknown status "exploded"/,
    ],
  ])(
    "rejects a create answering %s with an InvalidResponseError, and polls nothing",
    async (_label, body, message) => {
      const { client, requests } = await serve((_request, response) => json(response, 201, body));
      const progress = vi.fn();
      const error = await rejectionOf<Error>(run(client, "owner/model", { input: {} }, progress));
      expect(isInvalidResponseError(error), String(error)).toBe(true);
      expect(error.message).toMatch(/^POST \/models\/owner\/model\/predictions answered /);
      expect(error.message).toMatch(message);
      expect(requests).toEqual(["POST /v1/models/owner/model/predictions"]);
      expect(progress).not.toHaveBeenCalled();
    },
  );
});

describe("run against a server whose answer is too large to read", () => {
  it.each([
    ["that says its size", true],
    ["that does not say its size", false],
  ])(
    "rejects a create answering a body over MAX_ANSWER_BYTES %s with an InvalidResponseError, creating once",
    async (_label, sized) => {
      const { client, requests } = await serve((_request, response) => {
        // A prediction whose output is a data: URL one byte past the limit, sent a megabyte at a time.
        const start = '{"id":"abcdefghijklmnopqrstuvwxyz","status":"succeeded","output":"data:;base64,';
        const megabyte = Buffer.alloc(1_048_576, "A");
        const total = MAX_ANSWER_BYTES + 1;
        response.writeHead(201, {
          "content-type": "application/json",
          ...(sized && { "content-length": String(total) }),
        });
        response.write(start);
        let sent = start.length;
        const more = () => {
          while (sent < total && !response.destroyed) {
            const chunk = megabyte.subarray(0, Math.min(megabyte.length, total - sent));
            sent += chunk.length;
            if (!response.write(chunk)) return response.once("drain", more);
          }
          response.end();
        };
        more();
      });
      const retrying = createClient({ auth: client.auth, baseUrl: client.baseUrl, maxRetries: 2 });
      const error = await rejectionOf<Error>(run(retrying, "owner/model", { input: {} }));
      expect(isInvalidResponseError(error), String(error)).toBe(true);
      expect(error.message).toMatch(/answered more than 104857600 bytes/);
      expect(requests).toEqual(["POST /v1/models/owner/model/predictions"]);
    },
  );
});

describe("run's clean-up after an abort", () => {
  it("gives up on a repeated create whose body stalls once its own time limit passes", async () => {
    // Every answer sends its headers and the start of a body, then nothing more.
    const { client, requests } = await serve((_request, response) => {
      response.writeHead(201, { "content-type": "application/json" });
      response.write('{"id":');
    });
    // The clean-up's time limit, under the test's control instead of the clock's.
    const cleanupLimits: AbortController[] = [];
    vi.spyOn(AbortSignal, "timeout").mockImplementation(() => {
      const limit = new AbortController();
      cleanupLimits.push(limit);
      return limit.signal;
    });
    const controller = new AbortController();
    const running = rejectionOf(run(client, "owner/model", { input: {}, signal: controller.signal }));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    // The create is repeated (to learn its prediction and cancel it), and its body stalls too.
    await vi.waitFor(() => expect([requests.length, cleanupLimits.length]).toEqual([2, 1]));
    expect(AbortSignal.timeout).toHaveBeenCalledWith(10_000);
    cleanupLimits[0]?.abort();
    expect(isAbortError(await running)).toBe(true);
    expect(requests).toEqual([
      "POST /v1/models/owner/model/predictions",
      "POST /v1/models/owner/model/predictions",
    ]);
  });
});
