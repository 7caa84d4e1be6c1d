import { describe, expect, it } from "vitest";
import { createEmulator, parseFaultSpec } from "../src/index";
import { json, parseEvents, readAll, startEmulator } from "./helpers";

const helloCreate = { version: "dashscope/hello-world", input: { text: "fault" } };

describe("injected faults", () => {
  it("answers each status fault in its shape", async () => {
    const { api, emulator } = await startEmulator();
    emulator.injectFault({ kind: "429", retryAfter: "1", retryAfterMs: 10 });
    const throttled = await api("/account");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(throttled.headers.get("retry-after-ms")).toBe("10");
    expect(throttled.headers.get("content-type")).toBe("application/problem+json");
    expect(throttled.headers.get("x-request-id")).toBeTruthy();

    emulator.injectFault({ kind: "429" });
    const bare = await api("/account");
    expect(bare.status).toBe(429);
    expect(bare.headers.get("retry-after")).toBeNull();

    for (const kind of ["500", "502", "503", "408"] as const) {
      emulator.injectFault({ kind });
      const response = await api("/account");
      expect(response.status).toBe(Number(kind));
      expect(await json(response)).toMatchObject({ status: Number(kind), title: expect.any(String) });
    }

    emulator.injectFault({ kind: "html-502" });
    const html = await api("/account");
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toContain("<html>");

    emulator.injectFault({ kind: "empty-500" });
    const empty = await api("/account");
    expect(empty.status).toBe(500);
    expect(await empty.text()).toBe("");

    expect((await api("/account")).status).toBe(200);
    expect(emulator.stats.requests.map((request) => request.fault)).toEqual([
      "429",
      "429",
      "500",
      "502",
      "503",
      "408",
      "html-502",
      "empty-500",
      null,
    ]);
  });

  it("decides before the route runs, so a faulted create creates nothing", async () => {
    const { api, emulator } = await startEmulator();
    emulator.injectFault({ kind: "503", match: "POST /predictions", times: 2 });
    expect((await api("/account")).status).toBe(200);
    const headers = { "idempotency-key": "retry-me" };
    expect((await api("/predictions", { method: "POST", json: helloCreate, headers })).status).toBe(503);
    expect((await api("/predictions", { method: "POST", json: helloCreate, headers })).status).toBe(503);
    expect(emulator.stats.predictionsCreated).toBe(0);
    expect((await api("/predictions", { method: "POST", json: helloCreate, headers })).status).toBe(201);
    expect((await api("/predictions", { method: "POST", json: helloCreate, headers })).status).toBe(201);
    expect(emulator.stats.predictionsCreated).toBe(1);
    expect(emulator.stats.countByRoute()).toMatchObject({
      "POST /predictions 503": 2,
      "POST /predictions 201": 2,
      "GET /account 200": 1,
    });
  });

  it("matches by method and path prefix, and leaves unauthenticated requests and downloads alone", async () => {
    const { api, emulator } = await startEmulator();
    const prediction = await json(
      await api("/predictions", { method: "POST", json: helloCreate, headers: { prefer: "wait" } }),
    );
    emulator.injectFault({ kind: "500", match: "GET /predictions/" });
    expect((await api("/predictions")).status).toBe(200);
    expect((await api(`/predictions/${prediction.id}`)).status).toBe(500);
    expect((await api(`/predictions/${prediction.id}`)).status).toBe(200);

    emulator.injectFault({ kind: "500" });
    expect((await api("/account", { token: null })).status).toBe(401);
    const gradient = await json(
      await api("/models/dashscope/gradient/predictions", {
        method: "POST",
        json: { input: { width: 2, height: 2 } },
        headers: { prefer: "wait" },
      }),
    );
    // That create took the pending fault.
    expect(gradient.status).toBe(500);
    const image = await json(
      await api("/models/dashscope/gradient/predictions", {
        method: "POST",
        json: { input: { width: 2, height: 2 } },
        headers: { prefer: "wait" },
      }),
    );
    emulator.injectFault({ kind: "500" });
    expect((await fetch(image.output[0])).status).toBe(200);
    emulator.injectFault({ kind: "502", match: "GET /delivery/" });
    expect((await fetch(image.output[0])).status).toBe(502);
    expect((await api("/account")).status).toBe(500);
  });

  it("resets the connection without an answer, over HTTP and in process", async () => {
    const { api, emulator } = await startEmulator();
    emulator.injectFault({ kind: "reset", match: "POST /predictions" });
    await expect(api("/predictions", { method: "POST", json: helloCreate })).rejects.toThrow(TypeError);
    expect(emulator.stats.predictionsCreated).toBe(0);
    expect(emulator.stats.requests[0]?.fault).toBe("reset");
    expect((await api("/predictions", { method: "POST", json: helloCreate })).status).toBe(201);

    const inProcess = createEmulator({ timeScale: 0.01 });
    try {
      inProcess.injectFault({ kind: "reset" });
      const request = () =>
        inProcess.fetch(
          new Request("http://emulator.test/v1/account", {
            headers: { authorization: "Bearer emulator-token" },
          }),
        );
      await expect(request()).rejects.toThrow(TypeError);
      expect((await request()).status).toBe(200);
    } finally {
      await inProcess.close();
    }
  });

  it("can lose the answer after the route ran, so a retry with the same key finds the first create", async () => {
    const { api, emulator } = await startEmulator();
    const headers = { "idempotency-key": "lost-answer" };
    emulator.injectFault({ kind: "reset", match: "POST /predictions", afterRoute: true });
    await expect(api("/predictions", { method: "POST", json: helloCreate, headers })).rejects.toThrow(
      TypeError,
    );
    expect(emulator.stats.predictionsCreated).toBe(1);
    emulator.injectFault({ kind: "502", match: "POST /predictions", afterRoute: true });
    expect((await api("/predictions", { method: "POST", json: helloCreate, headers })).status).toBe(502);
    const retried = await api("/predictions", { method: "POST", json: helloCreate, headers });
    expect(retried.status).toBe(201);
    const list = await json(await api("/predictions"));
    expect(list.results.map((prediction: { id: string }) => prediction.id)).toEqual([
      (await json(retried)).id,
    ]);
    expect(emulator.stats.predictionsCreated).toBe(1);
    expect(emulator.stats.requests.slice(0, 3).map((request) => [request.status, request.fault])).toEqual([
      [0, "reset"],
      [502, "502"],
      [201, null],
    ]);
  });

  it("holds a slow answer and then answers normally", async () => {
    const { api, emulator } = await startEmulator();
    emulator.injectFault({ kind: "slow", delayMs: 30 });
    const response = await api("/account");
    expect(response.status).toBe(200);
    expect(emulator.stats.requests[0]?.fault).toBe("slow");
  });

  it("drops a stream after the given number of events; a resume gets the rest", async () => {
    const { api, emulator } = await startEmulator();
    const prediction = await json(
      await api("/models/dashscope/echo-stream/predictions", {
        method: "POST",
        json: { input: { prompt: "one two three four", delay_ms: 10 }, stream: true },
      }),
    );
    emulator.injectFault({ kind: "sse-drop", afterEvents: 2 });
    // An sse-drop never hits an API request.
    expect((await api("/account")).status).toBe(200);
    const dropped = await readAll(await fetch(prediction.urls.stream));
    expect(dropped.failed).toBe(true);
    const first = parseEvents(dropped.text).events;
    expect(first.map((event) => event.id)).toEqual(["1", "2"]);
    const rest = parseEvents(
      (await readAll(await fetch(prediction.urls.stream, { headers: { "last-event-id": "2" } }))).text,
    ).events;
    expect([...first, ...rest].map((event) => event.id)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("drops in process too: the body read fails", async () => {
    const emulator = createEmulator({ timeScale: 0.01 });
    try {
      const authorization = { authorization: "Bearer emulator-token" };
      const created = await emulator.fetch(
        new Request("http://emulator.test/v1/models/dashscope/echo-stream/predictions", {
          method: "POST",
          headers: { ...authorization, prefer: "wait" },
          body: JSON.stringify({ input: { prompt: "a b c", delay_ms: 0 }, stream: true }),
        }),
      );
      const prediction = await json(created);
      emulator.injectFault({ kind: "sse-drop", afterEvents: 1 });
      const result = await readAll(await emulator.fetch(new Request(prediction.urls.stream)));
      expect(result.failed).toBe(true);
      expect(parseEvents(result.text).events).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });
});

describe("random faults", () => {
  it("parses a fault spec and refuses bad ones", () => {
    expect(parseFaultSpec("429=0.15, 500=0.03,reset=0.05,sse-drop=0.1,slow=0.05")).toEqual({
      "429": 0.15,
      "500": 0.03,
      reset: 0.05,
      "sse-drop": 0.1,
      slow: 0.05,
    });
    expect(() => parseFaultSpec("teapot=0.1")).toThrow(/Unknown fault kind/);
    expect(() => parseFaultSpec("429=lots")).toThrow(/from 0 to 1/);
    expect(() => parseFaultSpec("429")).toThrow(/KIND=RATE/);
    expect(() => parseFaultSpec("429=0.6,500=0.6")).toThrow(/more than 1/);
    expect(() => createEmulator({ faults: { "500": 2 } })).toThrow(/from 0 to 1/);
  });

  it("repeats the same faults for the same seed", async () => {
    const statuses = async (seed: number) => {
      const { api } = await startEmulator({
        seed,
        faults: "429=0.2,500=0.1,503=0.1,html-502=0.1,empty-500=0.1",
      });
      const seen: number[] = [];
      for (let index = 0; index < 30; index++) seen.push((await api("/account")).status);
      return seen;
    };
    const first = await statuses(42);
    expect(await statuses(42)).toEqual(first);
    expect(first.filter((status) => status !== 200).length).toBeGreaterThan(0);
    expect(first).toContain(200);
  });

  it("sends scaled Retry-After headers on random 429s, and stops when faults are cleared", async () => {
    const { api, emulator } = await startEmulator({ faults: { "429": 1 } });
    const throttled = await api("/account");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("0");
    expect(throttled.headers.get("retry-after-ms")).toBe("10");
    emulator.setFaults(null);
    expect((await api("/account")).status).toBe(200);
    emulator.setFaults("503=1");
    expect((await api("/account")).status).toBe(503);
  });

  it("lets a resuming client read a whole stream through random drops", async () => {
    const { api, emulator } = await startEmulator({ faults: "sse-drop=1" });
    const prediction = await json<{ urls: { stream: string } }>(
      await api("/models/dashscope/echo-stream/predictions", {
        method: "POST",
        json: { input: { prompt: "w1 w2 w3 w4 w5 w6 w7 w8", delay_ms: 5 }, stream: true },
      }),
    );
    const seen: string[] = [];
    let lastEventId: string | null = null;
    for (let attempt = 0; attempt < 50 && seen.at(-1) !== "done"; attempt++) {
      const response: Response = await fetch(prediction.urls.stream, {
        headers: lastEventId === null ? {} : { "last-event-id": lastEventId },
      });
      for (const event of parseEvents((await readAll(response)).text).events) {
        seen.push(event.event);
        lastEventId = event.id;
      }
    }
    expect(seen.filter((event) => event === "output")).toHaveLength(8);
    expect(seen.at(-1)).toBe("done");
    expect(emulator.stats.requests.filter((request) => request.fault === "sse-drop").length).toBeGreaterThan(
      1,
    );
  });
});
