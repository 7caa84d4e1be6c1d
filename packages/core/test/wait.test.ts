import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createClient,
  isAbortError,
  isConnectionError,
  isInvalidArgumentError,
  isInvalidResponseError,
  isTimeoutError,
  type WaitOptions,
  waitFor,
} from "../src/index";
import { sleeps } from "./helpers/recorded-sleeps";
import { type Handler, json, startTestServer } from "./helpers/test-server";

vi.mock("../src/abortable", async (original) =>
  (await import("./helpers/recorded-sleeps")).recordingSleeps(await original()),
);

const prediction = (status: string, extra: object = {}) => ({ id: "p1", status, ...extra });
const longPolled = (status: string) => json(200, prediction(status), { "preference-applied": "wait=60" });

// The clock the loop reads (`Date.now`) is faked, so that the time a request took is what a test says.
afterEach(() => {
  vi.useRealTimers();
});
const freezeClock = () => vi.useFakeTimers({ toFake: ["Date"] });
/** An answer a server held for `seconds`, as the frozen clock sees it. */
const heldFor =
  (seconds: number, handler: Handler): Handler =>
  (request, response) => {
    vi.setSystemTime(Date.now() + seconds * 1000);
    return handler(request, response);
  };
/** A long-poll answer replayed at once, as a framework's fetch cache or a proxy gives it back. */
const replayed = (status: string) => json(200, prediction(status), { "preference-applied": "wait=1" });

describe("waitFor", () => {
  it("returns at once when already terminal", async () => {
    const api = await startTestServer(json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const done = prediction("succeeded");
    expect(await waitFor(client, done, "/predictions/p1")).toBe(done);
    expect(api.requests).toHaveLength(0);
  });

  it("asks the server to hold each GET and asks again at once when it does", async () => {
    freezeClock();
    const api = await startTestServer(
      heldFor(60, longPolled("processing")),
      heldFor(60, longPolled("processing")),
      heldFor(1, longPolled("succeeded")),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const updates: string[] = [];
    const final = await waitFor(
      client,
      prediction("starting"),
      "/predictions/p1",
      { interval: 60_000 },
      (update) => {
        updates.push(update.status);
      },
    );
    expect(final.status).toBe("succeeded");
    expect(updates).toEqual(["processing", "processing", "succeeded"]);
    expect(api.requests.map((sent) => sent.headers.prefer)).toEqual(["wait=60", "wait=60", "wait=60"]);
    // Nothing left to wait: each hold took longer than the interval.
    expect(sleeps.delays).toEqual([0, 0]);
  });

  it("sleeps the rest of a hold that came back at once (a cached answer) before asking again", async () => {
    freezeClock();
    sleeps.instant = true;
    const api = await startTestServer(
      replayed("processing"),
      replayed("processing"),
      heldFor(0.4, replayed("processing")),
      replayed("succeeded"),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const final = await waitFor(client, prediction("starting"), "/predictions/p1", { interval: 200 });
    expect(final.status).toBe("succeeded");
    // The answer says it held for a second: the next request starts a second after the last one did.
    expect(sleeps.delays).toEqual([1000, 1000, 600]);
    expect(api.requests).toHaveLength(4);
  });

  it("never asks again sooner than its interval after the last request started, whatever the hold", async () => {
    freezeClock();
    sleeps.instant = true;
    const api = await startTestServer(
      replayed("processing"),
      heldFor(1, replayed("processing")),
      json(200, prediction("succeeded")),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await waitFor(client, prediction("starting"), "/predictions/p1", { interval: 2500 });
    expect(sleeps.delays).toEqual([2500, 1500]);
  });

  it("sends a bounded number of requests to a cache that replays a long poll for ever", async () => {
    freezeClock();
    sleeps.instant = true;
    sleeps.movesClock = true;
    // After 50 requests the test gives up on the loop (the old loop asked again at once, for ever)
    // and answers it a terminal state.
    const api = await startTestServer((request, response) => {
      const handler = api.requests.length > 50 ? json(200, prediction("succeeded")) : replayed("processing");
      return handler(request, response);
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await waitFor(client, prediction("starting"), "/predictions/p1", { timeout: 10_000 }).catch(
      (caught) => caught,
    );
    expect(isTimeoutError(error), String(error)).toBe(true);
    // One a second for ten seconds.
    expect(api.requests).toHaveLength(10);
    expect(new Set(sleeps.delays)).toEqual(new Set([1000]));
  });

  it("rejects at once with an AbortError when aborted while it sleeps out a replayed hold", async () => {
    freezeClock();
    const api = await startTestServer(replayed("processing"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = waitFor(client, prediction("starting"), "/predictions/p1", {
      signal: controller.signal,
      interval: 60_000,
    });
    while (sleeps.delays.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(isAbortError(await pending.catch((caught) => caught))).toBe(true);
    expect(api.requests).toHaveLength(1);
    expect(sleeps.delays).toEqual([60_000]);
  });

  it("polls at the interval when the server answers at once", async () => {
    freezeClock();
    const api = await startTestServer(
      json(200, prediction("processing")),
      json(200, prediction("succeeded")),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    sleeps.instant = true;
    const final = await waitFor(client, prediction("starting"), "/predictions/p1", { interval: 200 });
    expect(final.status).toBe("succeeded");
    expect(api.requests).toHaveLength(2);
    expect(sleeps.delays).toEqual([200]);
  });

  it("asks for no longer than the time left before its timeout", async () => {
    const api = await startTestServer(longPolled("succeeded"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await waitFor(client, prediction("starting"), "/predictions/p1", { timeout: 4500 });
    expect(api.requests[0]?.headers.prefer).toBe("wait=4");
  });

  it("holds each GET about one interval when someone watches the updates", async () => {
    const api = await startTestServer(longPolled("processing"), longPolled("succeeded"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await waitFor(client, prediction("starting"), "/predictions/p1", { interval: 2500 }, () => {});
    await waitFor(client, prediction("starting"), "/predictions/p1", {}, () => {});
    expect(api.requests.map((sent) => sent.headers.prefer)).toEqual(["wait=3", "wait=3", "wait=1"]);
  });

  it("sends a plain GET when less than a second is left", async () => {
    const api = await startTestServer(json(200, prediction("succeeded")));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await waitFor(client, prediction("starting"), "/predictions/p1", { timeout: 900 });
    expect(api.requests[0]?.headers.prefer).toBeUndefined();
  });

  it("refuses an answer that is not JSON", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await expect(waitFor(client, prediction("starting"), "/predictions/p1")).rejects.toThrow(
      "GET /predictions/p1 answered without an id",
    );
  });

  it("stops when onUpdate returns true", async () => {
    const api = await startTestServer(longPolled("processing"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const stopped = await waitFor(client, prediction("starting"), "/predictions/p1", {}, () => true);
    expect(stopped.status).toBe("processing");
    expect(api.requests).toHaveLength(1);
  });

  it("gives up with a TimeoutError after its timeout", async () => {
    const api = await startTestServer(json(200, prediction("processing")));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await waitFor(client, prediction("starting"), "/predictions/p1", {
      timeout: 100,
      interval: 20,
    }).catch((caught) => caught);
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toBe("Still processing after waiting 100 ms: /predictions/p1");
  });

  it("stops with an AbortError when aborted between polls", async () => {
    const api = await startTestServer(json(200, prediction("processing")));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = waitFor(client, prediction("starting"), "/predictions/p1", {
      signal: controller.signal,
      interval: 60_000,
    });
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(isAbortError(await pending.catch((caught) => caught))).toBe(true);
  });

  it("refuses a status outside the known set instead of waiting for ever", async () => {
    const api = await startTestServer(json(200, prediction("queued")));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await waitFor(client, prediction("starting"), "/predictions/p1").catch((caught) => caught);
    expect(isInvalidResponseError(error)).toBe(true);
    expect(error.message).toBe('GET /predictions/p1 answered with an unknown status "queued"');
  });

  it("is an AbortError when aborted while an answer's body comes", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":');
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = waitFor(client, prediction("starting"), "/predictions/p1", { signal: controller.signal });
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await pending.catch((caught) => caught);
    expect(isAbortError(error), String(error)).toBe(true);
  });

  it("is a ConnectionError when the connection drops while an answer's body comes", async () => {
    const api = await startTestServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":"p1"');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 0 });
    const error = await waitFor(client, prediction("starting"), "/predictions/p1").catch((caught) => caught);
    expect(isConnectionError(error), String(error)).toBe(true);
  });

  it.each<[string, WaitOptions, unknown]>([
    ["interval", { interval: -1 }, undefined],
    ["interval", { interval: Number.NaN }, undefined],
    ["timeout", { timeout: -5 }, undefined],
    ["timeout", { timeout: "abc" as never }, undefined],
    ["onUpdate", {}, "log"],
  ])("refuses a bad %s before anything is sent", async (argument, options, onUpdate) => {
    const fetch = async () => {
      throw new Error("nothing should be sent");
    };
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1", fetch });
    const error = await waitFor(
      client,
      prediction("starting"),
      "/predictions/p1",
      options,
      onUpdate as never,
    ).catch((caught) => caught);
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument });
  });

  it("takes a timeout of 0 as no time left: a caller with its own deadline may have used it up", async () => {
    const client = createClient({ auth: "t", baseUrl: "http://127.0.0.1:9/v1" });
    const error = await waitFor(client, prediction("processing"), "/predictions/p1", { timeout: 0 }).catch(
      (caught) => caught,
    );
    expect(isTimeoutError(error)).toBe(true);
  });
});
