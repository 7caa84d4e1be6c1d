import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { json, pollUntil, startEmulator } from "./helpers";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

const receivers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((close) => close()));
});

/** A webhook receiver on loopback that answers each delivery with the next status in `statuses`. */
async function startReceiver(statuses: number[] = []) {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      deliveries.push({ headers: request.headers, body });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receivers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries };
}

/** The receiver's side of the signature check in docs/api.md, written independently of the emulator. */
function verify(secret: string, delivery: Delivery): boolean {
  const id = delivery.headers["webhook-id"] as string;
  const timestamp = delivery.headers["webhook-timestamp"] as string;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest();
  return (delivery.headers["webhook-signature"] as string).split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    const given = Buffer.from(signature ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe("webhooks", () => {
  it("delivers start and completed (and throttled logs/output), each signed with the default secret", async () => {
    const { api, emulator } = await startEmulator();
    const receiver = await startReceiver();
    const { key: secret } = await json<{ key: string }>(await api("/webhooks/default/secret"));
    const prediction = await json(
      await api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        json: { input: { text: "hook" }, webhook: receiver.url },
        headers: { prefer: "wait" },
      }),
    );
    expect(prediction.webhook).toBe(receiver.url);
    await pollUntil(
      async () => receiver.deliveries.map((delivery) => JSON.parse(delivery.body).status),
      (statuses) => statuses.includes("succeeded"),
    );
    const bodies = receiver.deliveries.map((delivery) => JSON.parse(delivery.body));
    expect(bodies[0]).toMatchObject({ id: prediction.id, status: "starting" });
    expect(bodies.at(-1)).toMatchObject({ id: prediction.id, status: "succeeded", output: "hello hook" });
    for (const delivery of receiver.deliveries) {
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(verify(secret, delivery)).toBe(true);
      expect(verify(secret, { ...delivery, body: `${delivery.body} ` })).toBe(false);
    }
    const ids = new Set(receiver.deliveries.map((delivery) => delivery.headers["webhook-id"]));
    expect(ids.size).toBe(receiver.deliveries.length);
    const events = await pollUntil(
      async () => emulator.stats.webhookDeliveries.map((delivery) => delivery.event),
      (seen) => seen.includes("completed"),
    );
    expect(events[0]).toBe("start");
  });

  it("honours webhook_events_filter", async () => {
    const { api } = await startEmulator();
    const receiver = await startReceiver();
    await api("/models/dashscope/echo-stream/predictions", {
      method: "POST",
      json: {
        input: { prompt: "a b c", delay_ms: 0 },
        webhook: receiver.url,
        webhook_events_filter: ["completed"],
      },
      headers: { prefer: "wait" },
    });
    await pollUntil(
      async () => receiver.deliveries.length,
      (count) => count >= 1,
    );
    // Give any stray delivery a moment to show up before checking there was just the one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.deliveries.map((delivery) => JSON.parse(delivery.body).status)).toEqual(["succeeded"]);
  });

  it("retries a failed delivery with backoff and the same webhook-id", async () => {
    const { api, emulator } = await startEmulator();
    const receiver = await startReceiver([500, 503]);
    await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "retry" }, webhook: receiver.url, webhook_events_filter: ["completed"] },
      headers: { prefer: "wait" },
    });
    await pollUntil(
      async () => receiver.deliveries.length,
      (count) => count >= 3,
    );
    const ids = receiver.deliveries.map((delivery) => delivery.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.deliveries.map((delivery) => delivery.body)).toEqual(
      Array(3).fill(receiver.deliveries[0]?.body),
    );
    await pollUntil(
      async () => emulator.stats.webhookDeliveries.length,
      (count) => count >= 3,
    );
    expect(emulator.stats.webhookDeliveries.map((delivery) => delivery.status)).toEqual([500, 503, 200]);
  });

  it("gives up after a bounded number of attempts", async () => {
    const { api, emulator } = await startEmulator({ timeScale: 0.001 });
    const receiver = await startReceiver(Array(20).fill(500));
    await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "never" }, webhook: receiver.url, webhook_events_filter: ["completed"] },
      headers: { prefer: "wait" },
    });
    await pollUntil(
      async () => emulator.stats.webhookDeliveries.length,
      (count) => count >= 5,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator.stats.webhookDeliveries).toHaveLength(5);
  });

  it("refuses webhooks to anything but loopback", async () => {
    const { api } = await startEmulator();
    for (const webhook of [
      "https://example.com/hook",
      "http://10.0.0.1/hook",
      "ftp://127.0.0.1/x",
      "not a url",
    ]) {
      const response = await api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        json: { input: { text: "x" }, webhook },
      });
      expect(response.status).toBe(422);
    }
    const filter = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "x" }, webhook: "http://localhost:9/x", webhook_events_filter: ["sometimes"] },
    });
    expect(filter.status).toBe(422);
  });
});
