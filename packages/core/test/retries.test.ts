import { describe, expect, it, vi } from "vitest";
import {
  createClient,
  isAbortError,
  isApiError,
  isConnectionError,
  isTimeoutError,
  RateLimitError,
  request,
} from "../src/index";
import { MAX_THROTTLED_WAIT } from "../src/retry-timing";
import { sleeps } from "./helpers/recorded-sleeps";
import { hang, json, raw, reset, startTestServer } from "./helpers/test-server";

vi.mock("../src/abortable", async (original) =>
  (await import("./helpers/recorded-sleeps")).recordingSleeps(await original()),
);

const problem = (status: number, headers: Record<string, string> = {}) =>
  json(status, { title: "Try again", status, detail: "busy" }, { "retry-after-ms": "1", ...headers });

describe("retries", () => {
  it("retries a 429 on any method, even a POST without an idempotency key", async () => {
    const api = await startTestServer(problem(429), json(201, { id: "p" }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const response = await request(client, "/predictions", { method: "POST", body: {} });
    expect(response.status).toBe(201);
    expect(api.requests).toHaveLength(2);
  });

  it.each([500, 502, 503, 504, 408])("retries %i on a GET", async (status) => {
    const api = await startTestServer(problem(status), json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect((await request(client, "/predictions/abc")).status).toBe(200);
    expect(api.requests).toHaveLength(2);
  });

  it("does not repeat a POST without an idempotency key after a 5xx", async () => {
    const api = await startTestServer(problem(503), json(201, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await request(client, "/predictions", { method: "POST", body: {} }).catch(
      (caught) => caught,
    );
    expect(isApiError(error) && error.status).toBe(503);
    expect(api.requests).toHaveLength(1);
  });

  it("repeats a create after a 5xx with the same Idempotency-Key", async () => {
    const api = await startTestServer(problem(502), problem(503), json(201, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/predictions", { method: "POST", body: { a: 1 }, idempotencyKey: true });
    const keys = api.requests.map((sent) => sent.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBeTruthy();
    expect(api.requests.map((sent) => sent.body)).toEqual(Array(3).fill('{"a":1}'));
  });

  it("repeats an idempotent POST such as a cancel", async () => {
    const api = await startTestServer(problem(500), json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/predictions/abc/cancel", { method: "POST", idempotent: true });
    expect(api.requests).toHaveLength(2);
  });

  it("retries a lost connection where it is safe, and not where it is not", async () => {
    const api = await startTestServer(reset, json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    expect((await request(client, "/predictions")).status).toBe(200);
    expect(api.requests).toHaveLength(2);

    const once = await startTestServer(reset, json(201, {}));
    const error = await request({ ...client, baseUrl: once.baseUrl }, "/predictions", {
      method: "POST",
      body: {},
    }).catch((caught) => caught);
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/predictions failed before an answer arrived/,
    );
    expect(once.requests).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last answer's error", async () => {
    const api = await startTestServer(problem(503));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 3 });
    const error = await request(client, "/predictions").catch((caught) => caught);
    expect(isApiError(error) && error.status).toBe(503);
    expect(api.requests).toHaveLength(4);
  });

  it("never retries with maxRetries 0, per client or per call", async () => {
    const api = await startTestServer(problem(429));
    const none = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 0 });
    await expect(request(none, "/a")).rejects.toMatchObject({ status: 429 });
    expect(api.requests).toHaveLength(1);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await expect(request(client, "/a", { maxRetries: 0 })).rejects.toMatchObject({ status: 429 });
    expect(api.requests).toHaveLength(2);
  });

  it("does not retry other 4xx answers", async () => {
    const api = await startTestServer(
      json(422, { title: "Invalid input", status: 422, detail: "input.text: required" }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await expect(request(client, "/predictions")).rejects.toMatchObject({ status: 422 });
    expect(api.requests).toHaveLength(1);
  });

  it("waits as long as Retry-After or retry-after-ms asks", async () => {
    sleeps.instant = true;
    const api = await startTestServer(
      json(429, {}, { "retry-after": "1" }),
      json(429, {}, { "retry-after-ms": "300" }),
      json(200, {}),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/a");
    expect(api.requests).toHaveLength(3);
    // At least as long, and at most a quarter longer (the jitter).
    const [first, second] = sleeps.delays as [number, number];
    expect([first >= 1000 && first <= 1250, second >= 300 && second <= 375]).toEqual([true, true]);
  });

  it("spreads a Retry-After over up to a quarter more, so that calls told the same wait come back apart", async () => {
    sleeps.instant = true;
    // Every other answer a 429 that asks for a second.
    const api = await startTestServer((sent, response) =>
      (api.requests.length % 2 ? json(429, {}, { "retry-after": "1" }) : json(200, {}))(sent, response),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const random = vi.spyOn(Math, "random");
    try {
      for (const draw of [0, 0.5, 0.996]) {
        random.mockReturnValue(draw);
        await request(client, "/a");
      }
    } finally {
      random.mockRestore();
    }
    expect(sleeps.delays).toEqual([1000, 1125, 1249]);
  });

  it("waits out 429s apart from maxRetries, which still counts failures", async () => {
    sleeps.instant = true;
    const throttled = json(429, {}, { "retry-after-ms": "100" });
    const api = await startTestServer(
      throttled,
      throttled,
      json(503, {}),
      throttled,
      throttled,
      throttled,
      json(503, {}),
      throttled,
      json(200, { ok: true }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 2 });
    expect(await (await request(client, "/a")).json()).toEqual({ ok: true });
    expect(api.requests).toHaveLength(9);
    // A third failure would have been one too many.
    const failing = await startTestServer(throttled, json(503, {}), throttled, json(503, {}), json(503, {}));
    const error = await request({ ...client, baseUrl: failing.baseUrl }, "/a").catch((caught) => caught);
    expect(isApiError(error) && error.status).toBe(503);
    expect(failing.requests).toHaveLength(5);
  });

  it("gives up on 429s once their waits would add up to more than MAX_THROTTLED_WAIT", async () => {
    sleeps.instant = true;
    vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      const api = await startTestServer(
        json(429, { title: "Too Many Requests", status: 429 }, { "retry-after": "60" }),
      );
      const client = createClient({ auth: "t", baseUrl: api.baseUrl });
      const error = await request(client, "/a").catch((caught) => caught);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ name: "ApiError", status: 429, retryAfter: 60_000 });
      expect(sleeps.delays).toEqual(Array(MAX_THROTTLED_WAIT / 60_000).fill(60_000));
      expect(api.requests).toHaveLength(MAX_THROTTLED_WAIT / 60_000 + 1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("counts a 429 without a usable Retry-After against maxRetries, backing off, and stops at once when aborted", async () => {
    sleeps.instant = true;
    const garbage = await startTestServer(json(429, {}, { "retry-after": "soon", "retry-after-ms": "-5" }));
    const once = createClient({ auth: "t", baseUrl: garbage.baseUrl, maxRetries: 1 });
    await expect(request(once, "/a")).rejects.toMatchObject({ status: 429 });
    expect(garbage.requests).toHaveLength(2);
    sleeps.instant = false;
    sleeps.delays.length = 0;

    const api = await startTestServer(json(429, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 1 });
    const controller = new AbortController();
    const pending = request(client, "/a", { signal: controller.signal });
    while (sleeps.delays.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(isAbortError(await pending.catch((caught) => caught))).toBe(true);
    expect(sleeps.delays[0]).toBeGreaterThanOrEqual(375);
    expect(sleeps.delays[0]).toBeLessThanOrEqual(500);
    expect(api.requests).toHaveLength(1);
  });

  it("honours a Retry-After HTTP date", async () => {
    sleeps.instant = true;
    // Only the date is faked: the sockets keep their real timers.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    // No jitter: the wait is exactly what the date asks.
    vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      const api = await startTestServer(
        json(503, {}, { "retry-after": "Thu, 01 Jan 2026 00:00:02 GMT" }),
        json(200, {}),
      );
      const client = createClient({ auth: "t", baseUrl: api.baseUrl });
      await request(client, "/a");
      expect(api.requests).toHaveLength(2);
      expect(sleeps.delays).toEqual([2000]);
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });

  it("backs off exponentially, with jitter, where no Retry-After is given", async () => {
    sleeps.instant = true;
    vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      const api = await startTestServer(json(503, {}), json(503, {}), json(503, {}), json(200, {}));
      const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 3 });
      await request(client, "/a");
      expect(sleeps.delays).toEqual([375, 750, 1500]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("fails at once when Retry-After is past the cap, saying how long it was asked to wait", async () => {
    const api = await startTestServer(
      json(429, { title: "Too Many Requests", status: 429 }, { "retry-after": "3600" }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const error = await request(client, "/a").catch((caught) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ name: "ApiError", status: 429, retryAfter: 3_600_000 });
    expect(api.requests).toHaveLength(1);
  });

  it("cancels the body of an answer it discards", async () => {
    let closedEarly = false;
    const api = await startTestServer(
      (_request, response) => {
        response.writeHead(503, { "content-type": "text/plain", "retry-after-ms": "1" });
        response.write("x".repeat(1024));
        // Never ends: only a cancelled body frees this connection.
        response.on("close", () => {
          closedEarly = !response.writableFinished;
        });
      },
      json(200, {}),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    await request(client, "/a");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toBe(true);
  });

  it("stops at once when aborted during a backoff wait", async () => {
    const api = await startTestServer(json(503, {}, { "retry-after": "30" }));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = request(client, "/a", { signal: controller.signal });
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending.catch((caught) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(error.name).toBe("AbortError");
    expect(api.requests).toHaveLength(1);
  });

  it("stops at once when aborted during a request, and never starts when already aborted", async () => {
    const api = await startTestServer(hang);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const controller = new AbortController();
    const pending = request(client, "/a", { signal: controller.signal });
    while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("user gave up"));
    const error = await pending.catch((caught) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(error.cause).toEqual(new Error("user gave up"));

    await expect(request(client, "/a", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(api.requests).toHaveLength(1);
  });

  it("times out each attempt, retries a safe request, then throws a TimeoutError", async () => {
    const api = await startTestServer(hang);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, timeout: 50, maxRetries: 1 });
    const error = await request(client, "/a").catch((caught) => caught);
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\/a timed out after 50 ms$/);
    expect(api.requests).toHaveLength(2);
  });

  it("takes a per-call timeout over the client's", async () => {
    const api = await startTestServer(hang);
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 0 });
    await expect(request(client, "/a", { timeout: 30 })).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("does not time out a POST without a key into a retry", async () => {
    const api = await startTestServer(hang);
    // Long enough for the request to reach the server on a loaded machine, so that its count means something.
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, timeout: 500, maxRetries: 2 });
    await expect(request(client, "/predictions", { method: "POST", body: {} })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    expect(api.requests).toHaveLength(1);
  });

  it("still gives a clear error for raw text answers after retries", async () => {
    const api = await startTestServer(raw(503, "upstream connect error"));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl, maxRetries: 0 });
    await expect(request(client, "/a")).rejects.toThrow(
      /failed with status 503 .*: upstream connect error \(GET\)$/,
    );
  });
});
