import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createEmulator, EMULATOR_TOKEN } from "../src/index";
import { json, type Loose, pollUntil, startEmulator } from "./helpers";

const rootOf = (url: string) => url.replace(/\/v1$/, "");

describe("/_emulator/", () => {
  it("lists the requests with the token redacted, and the same from code", async () => {
    const { api, url, emulator } = await startEmulator();
    await api("/models/dashscope/hello-world/predictions?note=1", {
      method: "POST",
      headers: { "idempotency-key": "k1" },
      json: { input: { text: "Ada" } },
    });
    await api("/models", { method: "QUERY", headers: { "content-type": "text/plain" }, body: "hello" });
    const requests = await json(await fetch(`${rootOf(url)}/_emulator/requests`));
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/models/dashscope/hello-world/predictions",
      query: { note: "1" },
      body: { input: { text: "Ada" } },
      status: 201,
    });
    expect(requests[0].headers).toMatchObject({
      authorization: "Bearer [redacted]",
      "idempotency-key": "k1",
      "content-type": "application/json",
    });
    expect(JSON.stringify(requests)).not.toContain(EMULATOR_TOKEN);
    expect(requests[1]).toMatchObject({ method: "QUERY", body: "hello", status: 200 });
    expect(emulator.requests).toEqual(requests);
  });

  it("lists webhook deliveries with their status", async () => {
    let answers = 0;
    const receiver = createServer((incoming, outgoing) => {
      incoming.resume();
      answers += 1;
      outgoing.writeHead(answers === 1 ? 500 : 200).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { api, url } = await startEmulator();
      const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const { id } = await json(
        await api("/models/dashscope/hello-world/predictions", {
          method: "POST",
          json: { input: { text: "x" }, webhook, webhook_events_filter: ["completed"] },
        }),
      );
      const deliveries = await pollUntil(
        async () => json(await fetch(`${rootOf(url)}/_emulator/webhooks`)),
        (list: Loose[]) => list.length === 2,
      );
      expect(deliveries).toEqual([
        {
          url: webhook,
          webhookId: expect.stringMatching(/^msg_/),
          status: 500,
          event: "completed",
          runId: id,
          attempt: 1,
        },
        {
          url: webhook,
          webhookId: deliveries[0].webhookId,
          status: 200,
          event: "completed",
          runId: id,
          attempt: 2,
        },
      ]);
    } finally {
      receiver.close();
    }
  });

  it("resets everything but the models it started with, cancelling runs", async () => {
    const { api, url, emulator } = await startEmulator({ seed: 7 });
    const first = await json(
      await api("/models/dashscope/sleep/predictions", { method: "POST", json: { input: { seconds: 600 } } }),
    );
    await api("/models", {
      method: "POST",
      json: { owner: "acme", name: "made", visibility: "public", hardware: "cpu" },
    });
    emulator.injectFault({ kind: "503", times: 5 });
    const reset = await fetch(`${rootOf(url)}/_emulator/reset`, { method: "POST" });
    expect(reset.status).toBe(204);
    expect(emulator.requests).toEqual([]);
    expect(emulator.stats.predictionsCreated).toBe(0);
    expect((await api(`/predictions/${first.id}`)).status).toBe(404);
    expect((await api("/models/acme/made")).status).toBe(404);
    expect((await api("/models/dashscope/hello-world")).status).toBe(200);
    expect((await json(await api("/predictions"))).results).toEqual([]);
    // The ids start again from the seed, so each test after a reset sees the same ones.
    const again = await json(
      await api("/models/dashscope/sleep/predictions", { method: "POST", json: { input: { seconds: 600 } } }),
    );
    expect(again.id).toBe(first.id);
    emulator.reset();
    expect(emulator.requests).toEqual([]);
  });

  it("delivers nothing for the runs a reset cancels", async () => {
    const hits: string[] = [];
    const receiver = createServer((incoming, outgoing) => {
      let body = "";
      incoming.on("data", (chunk) => {
        body += chunk;
      });
      incoming.on("end", () => {
        hits.push(JSON.parse(body).id);
        outgoing.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { api, emulator } = await startEmulator();
      const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const create = async (input: Loose) =>
        json(
          await api(`/models/dashscope/${"seconds" in input ? "sleep" : "hello-world"}/predictions`, {
            method: "POST",
            json: { input, webhook, webhook_events_filter: ["completed"] },
          }),
        );
      await create({ seconds: 600 });
      emulator.reset();
      const after = await create({ text: "after" });
      await pollUntil(
        async () => hits,
        (list) => list.includes(after.id),
      );
      expect(hits).toEqual([after.id]);
    } finally {
      receiver.close();
    }
  });

  // A Date holds at most 8.64e15 ms from 1970: a clock moved past it would make every later answer
  // that shows a time fail, a reset included (the clock is not reset).
  it("refuses to advance the manual clock past the last date there is, and keeps answering", async () => {
    const { api, url, emulator } = await startEmulator({ clock: "manual" });
    await expect(emulator.advance(1e308)).rejects.toThrow(RangeError);
    const refused = await fetch(`${rootOf(url)}/_emulator/advance`, {
      method: "POST",
      body: JSON.stringify({ milliseconds: 8.64e15 }),
    });
    expect(refused.status).toBe(422);
    expect((await json(refused)).invalid_fields).toEqual([
      expect.objectContaining({ field: "milliseconds" }),
    ]);
    const created = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "x" } },
    });
    expect(created.status).toBe(201);
  });

  it("sets faults over HTTP", async () => {
    const { api, url } = await startEmulator();
    const set = await fetch(`${rootOf(url)}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ inject: { kind: "503", match: "GET /account", times: 2 } }),
    });
    expect(set.status).toBe(200);
    expect((await api("/account")).status).toBe(503);
    expect((await api("/account")).status).toBe(503);
    expect((await api("/account")).status).toBe(200);
    const bad = await fetch(`${rootOf(url)}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ rates: "429=2" }),
    });
    expect(bad.status).toBe(422);
    expect((await json(bad)).detail).toMatch(/429/);
  });

  it("is never part of /v1, and is not served when listening beyond loopback", async () => {
    const { api, url } = await startEmulator();
    expect((await api("/_emulator/requests")).status).toBe(404);
    expect((await fetch(`${rootOf(url)}/_emulator/nothing`)).status).toBe(404);
    const open = createEmulator();
    const { port } = await open.listen(0, "0.0.0.0");
    try {
      expect((await fetch(`http://127.0.0.1:${port}/_emulator/requests`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/_emulator/reset`, { method: "POST" })).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});
