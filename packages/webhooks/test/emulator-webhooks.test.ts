import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Client,
  createClient,
  isAbortError,
  isMissingAuthError,
  type Prediction,
  requestJson,
} from "@dashscope/core";
import { createEmulator, type Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDefaultWebhookSecret, isWebhookVerificationError, validateWebhook } from "../src/index";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  valid: boolean;
}

let emulator: Emulator;
let client: Client;
let secret: string;
let receiver: Server;
let receiverUrl: string;
const deliveries: Delivery[] = [];

function toRequest(delivery: Delivery, body: BodyInit = new Uint8Array(delivery.body)): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request(receiverUrl, { method: "POST", headers, body });
}

function partsOf(delivery: Delivery) {
  return {
    id: delivery.headers["webhook-id"] as string,
    timestamp: delivery.headers["webhook-timestamp"] as string,
    signature: delivery.headers["webhook-signature"] as string,
  };
}

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01 });
  const { url } = await emulator.listen(0);
  client = createClient({ auth: "emulator-token", baseUrl: url });
  secret = (await getDefaultWebhookSecret(client)).key;

  // A receiver as a user would write one: it checks each delivery and answers 401 to a bad one.
  receiver = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const delivery: Delivery = { headers: incoming.headers, body: Buffer.concat(chunks), valid: false };
    delivery.valid = await validateWebhook(toRequest(delivery), secret);
    deliveries.push(delivery);
    response.writeHead(delivery.valid ? 204 : 401).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await emulator.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

async function deliveriesOf(text: string): Promise<Delivery[]> {
  const created = await requestJson<Prediction>(client, "/models/dashscope/hello-world/predictions", {
    method: "POST",
    body: { input: { text }, webhook: receiverUrl },
    idempotencyKey: true,
  });
  const mine = () => deliveries.filter((delivery) => JSON.parse(delivery.body.toString()).id === created.id);
  await vi.waitFor(
    () => {
      if (!mine().some((delivery) => JSON.parse(delivery.body.toString()).status === "succeeded"))
        throw new Error("no completed webhook yet");
    },
    { timeout: 10_000, interval: 20 },
  );
  return mine();
}

describe("getDefaultWebhookSecret", () => {
  it("answers the signing secret, the same each time", async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await getDefaultWebhookSecret(client)).toEqual({ key: secret });
  });

  it("needs a token and takes a signal", async () => {
    const anonymous = createClient({ auth: "", baseUrl: client.baseUrl });
    expect(isMissingAuthError(await getDefaultWebhookSecret(anonymous).catch((e) => e))).toBe(true);
    const aborted = await getDefaultWebhookSecret(client, { signal: AbortSignal.abort() }).catch((e) => e);
    expect(isAbortError(aborted)).toBe(true);
  });
});

describe("validateWebhook on webhooks the emulator delivers", () => {
  let received: Delivery[];

  beforeAll(async () => {
    received = await deliveriesOf("Alice");
  });

  it("accepts every delivery as a Request, and the receiver answered them all with 2xx", async () => {
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const delivery of received) expect(delivery.valid).toBe(true);
    const ids = new Set(received.map((delivery) => delivery.headers["webhook-id"]));
    const statusesOf = () =>
      emulator.stats.webhookDeliveries
        .filter((delivery) => ids.has(delivery.webhookId))
        .map((delivery) => delivery.status);
    // The emulator records a delivery once the receiver's answer is back, a moment after the receiver saw it.
    await vi.waitFor(() => expect(statusesOf().length).toBe(received.length), {
      timeout: 5_000,
      interval: 10,
    });
    const statuses = statusesOf();
    for (const status of statuses) expect(status).toBe(204);
    // Deliveries may arrive out of order (each is its own request); the completed one is there.
    const completed = received.find(
      (delivery) => JSON.parse(delivery.body.toString()).status === "succeeded",
    );
    expect(JSON.parse(String(completed?.body))).toMatchObject({ status: "succeeded", output: "hello Alice" });
  });

  it("accepts every delivery as parts, with the body as a string, bytes or a stream", async () => {
    for (const delivery of received) {
      const parts = partsOf(delivery);
      expect(await validateWebhook({ ...parts, body: delivery.body.toString("utf8") }, secret)).toBe(true);
      expect(await validateWebhook({ ...parts, body: delivery.body, secret })).toBe(true);
      expect(
        await validateWebhook({ ...parts, body: new Blob([new Uint8Array(delivery.body)]).stream() }, secret),
      ).toBe(true);
    }
  });

  it("rejects a tampered body or a wrong secret with false", async () => {
    const delivery = received.find(
      (each) => JSON.parse(each.body.toString()).status === "succeeded",
    ) as Delivery;
    const tampered = delivery.body.toString().replace("hello Alice", "hello Mallory");
    expect(tampered).not.toBe(delivery.body.toString());
    expect(await validateWebhook(toRequest(delivery, tampered), secret)).toBe(false);
    expect(await validateWebhook({ ...partsOf(delivery), body: tampered }, secret)).toBe(false);
    const wrong = `whsec_${Buffer.from("not the emulator's secret").toString("base64")}`;
    expect(await validateWebhook(toRequest(delivery), wrong)).toBe(false);
  });

  it("throws for a delivery checked too late or too early", async () => {
    const delivery = received[0] as Delivery;
    const sentAt = Number(delivery.headers["webhook-timestamp"]) * 1000;
    const late = await validateWebhook(toRequest(delivery), secret, { now: sentAt + 301_000 }).catch(
      (e) => e,
    );
    expect(isWebhookVerificationError(late) && late.reason).toBe("timestamp-too-old");
    const early = await validateWebhook(toRequest(delivery), secret, { now: sentAt - 301_000 }).catch(
      (e) => e,
    );
    expect(isWebhookVerificationError(early) && early.reason).toBe("timestamp-in-future");
    expect(
      await validateWebhook(toRequest(delivery), secret, { now: sentAt + 301_000, tolerance: 600 }),
    ).toBe(true);
  });

  it("throws for a delivery whose parsed body is passed", async () => {
    const delivery = received[0] as Delivery;
    const error = await validateWebhook(
      { ...partsOf(delivery), body: JSON.parse(delivery.body.toString()) },
      secret,
    ).catch((e) => e);
    expect(isWebhookVerificationError(error) && error.reason).toBe("invalid-body");
  });
});
