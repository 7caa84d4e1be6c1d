import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Client, createClient, isPredictionAbortedError, paginate } from "@dashscope/core";
import { expectInvalidArgument } from "test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrediction, type ListPredictionsOptions, listPredictions, run } from "../src";
import { type AnyPrediction, rejectionOf, startEmulator, type TestEmulator, until } from "./helpers/emulator";

let emulated: TestEmulator;

beforeAll(async () => {
  emulated = await startEmulator();
});
afterAll(() => emulated.close());

// Answers at will: a create that answers `aborted` at once, list pages whose `next` keeps the filters.
const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(answer: (request: IncomingMessage, response: ServerResponse, origin: string) => void) {
  const requests: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"] }> = [];
  let origin = "";
  const server = createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    answer(request, response, origin);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client: Client = createClient({ auth: "test-token", baseUrl: `${origin}/v1`, maxRetries: 0 });
  return { client, requests };
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

const ABORTED: AnyPrediction = {
  id: "abortedabortedabortedabort",
  model: "owner/model",
  version: "v1",
  status: "aborted",
  input: {},
  output: null,
  error: null,
  created_at: "2026-01-01T00:00:00Z",
  completed_at: "2026-01-01T00:00:05Z",
  deadline: "2026-01-01T00:00:05Z",
  source: "api",
  data_removed: false,
  urls: { get: "http://x.test/v1/predictions/a", cancel: "http://x.test/v1/predictions/a/cancel" },
};

describe("run on a prediction that ends aborted", () => {
  it("rejects with a PredictionAbortedError when the deadline comes before the prediction starts", async () => {
    // A manual clock, at a time scale where hello-world takes 10 s to start: the 5 s deadline comes first.
    const manual = await startEmulator({ clock: "manual", timeScale: 100 });
    try {
      const running = rejectionOf(
        run(manual.client, "dashscope/hello-world", { input: { text: "a" }, cancelAfter: "5s" }),
      );
      await until(() => manual.emulator.requests.some((request) => request.method === "POST"));
      await manual.emulator.advance(5000);
      const error = await running;
      expect(isPredictionAbortedError(error), String(error)).toBe(true);
      expect(error.message).toMatch(/was aborted: its deadline came before it started/);
      expect(error.prediction).toMatchObject({ status: "aborted", started_at: null });
      expect(error.prediction.deadline).toEqual(expect.any(String));
      const create = manual.emulator.requests.find((request) => request.method === "POST");
      expect(create?.headers["cancel-after"]).toBe("5s");
    } finally {
      await manual.close();
    }
  });

  it("rejects with a PredictionAbortedError naming the status and carrying the prediction", async () => {
    const { client, requests } = await serve((_request, response) => json(response, 201, ABORTED));
    const error = await rejectionOf(run(client, "owner/model", { input: {}, cancelAfter: "5s" }));
    expect(isPredictionAbortedError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ name: "PredictionAbortedError" });
    expect(error.message).toMatch(/abortedabortedabortedabort was aborted/);
    expect(error.prediction).toEqual(ABORTED);
    // Terminal: nothing is polled or canceled after it.
    expect(requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "POST /v1/models/owner/model/predictions",
    ]);
    expect(requests[0]?.headers["cancel-after"]).toBe("5s");
  });

  it("is reached through a wait too: a poll that answers aborted ends it", async () => {
    const { client } = await serve((request, response) =>
      json(response, request.method === "POST" ? 201 : 200, {
        ...ABORTED,
        status: request.method === "POST" ? "starting" : "aborted",
      }),
    );
    const error = await rejectionOf(run(client, "owner/model", { input: {}, wait: { interval: 0 } }));
    expect(isPredictionAbortedError(error), String(error)).toBe(true);
  });
});

describe("cancelAfter", () => {
  it.each([
    ["30s", "30s"],
    ["5m", "5m"],
    ["1h30m45s", "1h30m45s"],
    ["2h", "2h"],
    ["30", "30"],
    [300, "300"],
    [5, "5"],
  ])("sends %j as Cancel-After: %s", async (value, header) => {
    const { emulator, client } = emulated;
    await createPrediction(client, {
      model: "dashscope/hello-world",
      input: { text: "a" },
      cancelAfter: value,
    });
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe("/models/dashscope/hello-world/predictions");
    expect(sent?.headers["cancel-after"]).toBe(header);
  });

  it("sends no Cancel-After when left out", async () => {
    const { emulator, client } = emulated;
    await createPrediction(client, { model: "dashscope/hello-world", input: { text: "a" } });
    expect(emulator.requests.at(-1)?.headers).not.toHaveProperty("cancel-after");
  });

  it("goes on run's create", async () => {
    const { emulator, client } = emulated;
    await run(client, "dashscope/hello-world", { input: { text: "a" }, cancelAfter: "1m" });
    const create = emulator.requests.filter((request) => request.method === "POST").at(-1);
    expect(create?.headers["cancel-after"]).toBe("1m");
  });

  it.each([
    ["under 5 seconds", "4s"],
    ["under 5 bare seconds", 4],
    ["zero", "0m"],
    ["empty", ""],
    ["a fraction", 5.5],
    ["a negative number", -30],
    ["a unit it does not know", "5d"],
    ["units out of order", "5m1h"],
    ["a bare number after a unit", "1h30"],
    ["spaces", "5 m"],
    ["a boolean", true],
    ["an array", ["30"]],
    ["null", null],
    ["NaN", Number.NaN],
  ])("refuses %s (%j) before sending", async (_label, value) => {
    const { emulator, client } = emulated;
    await expectInvalidArgument(
      emulator,
      () =>
        createPrediction(client, {
          model: "dashscope/hello-world",
          input: {},
          cancelAfter: value as string,
        }),
      "cancelAfter",
      /at least 5 seconds/,
    );
    await expectInvalidArgument(
      emulator,
      () => run(client, "dashscope/hello-world", { input: {}, cancelAfter: value as string }),
      "cancelAfter",
      /at least 5 seconds/,
    );
  });
});

describe("listPredictions filters", () => {
  it("sends created_after, created_before and source as query parameters", async () => {
    const { emulator, client } = emulated;
    await listPredictions(client, {
      created_after: new Date("2026-01-01T00:00:00Z"),
      created_before: "2026-02-01T12:30:00+01:00",
      source: "web",
    });
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe("/predictions");
    expect(sent?.query).toEqual({
      created_after: "2026-01-01T00:00:00.000Z",
      created_before: "2026-02-01T12:30:00+01:00",
      source: "web",
    });
  });

  it.each([
    ["created_after", "yesterday", /RFC 3339/],
    ["created_after", "2026-01-01", /RFC 3339/],
    ["created_before", new Date(Number.NaN), /valid Date/],
    ["created_before", 1700000000, /RFC 3339/],
    ["created_after", "2026-13-45T99:00:00Z", /RFC 3339/],
    ["source", "api", /"web"/],
    ["source", "WEB", /"web"/],
  ])("refuses %s %j before sending", async (argument, value, message) => {
    const { emulator, client } = emulated;
    await expectInvalidArgument(
      emulator,
      () => listPredictions(client, { [argument]: value }),
      argument,
      message,
    );
  });

  it.each(["createdAfter", "created_at", "sort_by"])(
    "refuses an option it does not know (%s) rather than drop it",
    async (name) => {
      const { emulator, client } = emulated;
      await expectInvalidArgument(
        emulator,
        () => listPredictions(client, { [name]: "2026-01-01T00:00:00Z" } as never),
        `option "${name}"`,
        /created_after created_before source/,
      );
    },
  );

  it("keeps the filters on every page through paginate: the list function gets paginate's options", async () => {
    const { client, requests } = await serve((request, response, origin) => {
      const url = new URL(request.url as string, origin);
      const cursor = url.searchParams.get("cursor");
      url.searchParams.set("cursor", `${Number(cursor ?? 0) + 1}`);
      json(response, 200, { previous: null, next: cursor === "2" ? null : url.href, results: [cursor] });
    });
    const pages: unknown[] = [];
    for await (const page of paginate(
      client,
      (options: ListPredictionsOptions) => listPredictions(client, options),
      {
        source: "web",
        created_after: "2026-01-01T00:00:00Z",
      },
    )) {
      pages.push(...page);
    }
    expect(pages).toEqual([null, "1", "2"]);
    expect(requests.map(({ url }) => url)).toEqual([
      "/v1/predictions?created_after=2026-01-01T00%3A00%3A00Z&source=web",
      "/v1/predictions?created_after=2026-01-01T00%3A00%3A00Z&source=web&cursor=1",
      "/v1/predictions?created_after=2026-01-01T00%3A00%3A00Z&source=web&cursor=2",
    ]);
  });
});
