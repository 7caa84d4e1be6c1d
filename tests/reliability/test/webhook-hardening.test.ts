import { createHmac, webcrypto } from "node:crypto";
import { isWebhookVerificationError, validateWebhook } from "@dashscope/webhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rejectionOf } from "./helpers/outcome";

const KEY = Buffer.from("reliability-webhook-key-0123456789");
const SECRET = `whsec_${KEY.toString("base64")}`;
const BODY = JSON.stringify({ id: "p1", status: "succeeded", output: "hello Alice" });
const ID = "msg_1";
const timestamp = () => String(Math.floor(Date.now() / 1000));

function sign(body: string, at: string, id = ID): string {
  return `v1,${createHmac("sha256", KEY).update(`${id}.${at}.${body}`).digest("base64")}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("validateWebhook's cost does not grow with the signature entries", () => {
  it("signs once and never calls subtle.verify, however many entries there are", async () => {
    const signCalls = vi.spyOn(crypto.subtle, "sign");
    const verifyCalls = vi.spyOn(crypto.subtle, "verify");
    const at = timestamp();
    const bogus = Array.from({ length: 60 }, () => "v1,AA==").join(" ");
    const parts = { id: ID, timestamp: at, body: BODY, secret: SECRET };
    expect(await validateWebhook({ ...parts, signature: bogus })).toBe(false);
    expect(await validateWebhook({ ...parts, signature: `${bogus} ${sign(BODY, at)}` })).toBe(true);
    expect(signCalls).toHaveBeenCalledTimes(2);
    expect(verifyCalls).not.toHaveBeenCalled();
  });

  it("does not trust the runtime's subtle.verify to compare", async () => {
    // A verify that says yes to anything (a broken or hostile polyfill) must not make a forgery pass.
    vi.spyOn(crypto.subtle, "verify").mockResolvedValue(true);
    const at = timestamp();
    const forged = `v1,${Buffer.alloc(32, 7).toString("base64")}`;
    expect(
      await validateWebhook({ id: ID, timestamp: at, signature: forged, body: BODY, secret: SECRET }),
    ).toBe(false);
  });

  it("refuses an oversized signature header before decoding it (2,000 bogus entries)", async () => {
    const signCalls = vi.spyOn(crypto.subtle, "sign");
    const signature = Array.from({ length: 2000 }, () => "v1,AA==").join(" ");
    const error = await rejectionOf(() =>
      validateWebhook({
        id: ID,
        timestamp: timestamp(),
        signature,
        body: "x".repeat(2 << 20),
        secret: SECRET,
      }),
    );
    expect(isWebhookVerificationError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ reason: "missing-header" });
    expect(signCalls).not.toHaveBeenCalled();
  });
});

describe("malformed calls give a typed error, never a TypeError", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "webhook"],
    ["a number", 42],
  ])("validateWebhook(%s)", async (_name, value) => {
    const error = await rejectionOf(() => validateWebhook(value as never));
    expect(isWebhookVerificationError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ reason: "missing-header" });
  });

  it("headers of the wrong kind are a missing header", async () => {
    const error = await rejectionOf(() =>
      validateWebhook({ headers: { "webhook-id": [ID, ID] }, body: BODY } as never, SECRET),
    );
    expect(isWebhookVerificationError(error), String(error)).toBe(true);
  });
});

describe("replicate 1.4's call shapes", () => {
  it("(request, secret, crypto)", async () => {
    const at = timestamp();
    const request = new Request("http://127.0.0.1/hook", {
      method: "POST",
      headers: { "webhook-id": ID, "webhook-timestamp": at, "webhook-signature": sign(BODY, at) },
      body: BODY,
    });
    const subtle = vi.spyOn(webcrypto.subtle, "sign");
    expect(await validateWebhook(request, SECRET, webcrypto as never)).toBe(true);
    expect(subtle).toHaveBeenCalledTimes(1);
  });

  it("({ headers, body } with plain headers, as node:http gives them, secret)", async () => {
    const at = timestamp();
    const incoming = {
      headers: { "webhook-id": ID, "webhook-timestamp": at, "webhook-signature": sign(BODY, at) },
      body: Buffer.from(BODY),
    };
    expect(await validateWebhook(incoming, SECRET)).toBe(true);
    expect(await validateWebhook({ ...incoming, body: Buffer.from(`${BODY} `) }, SECRET)).toBe(false);
  });

  it("({ id, timestamp, signature, body, secret }, crypto)", async () => {
    const at = timestamp();
    const subtle = vi.spyOn(webcrypto.subtle, "sign");
    const parts = { id: ID, timestamp: at, signature: sign(BODY, at), body: BODY, secret: SECRET };
    expect(await validateWebhook(parts, webcrypto as never)).toBe(true);
    expect(subtle).toHaveBeenCalledTimes(1);
  });

  it("keeps the timestamp tolerance, which an option widens", async () => {
    const at = String(Math.floor(Date.now() / 1000) - 3600);
    const parts = { id: ID, timestamp: at, signature: sign(BODY, at), body: BODY, secret: SECRET };
    const error = await rejectionOf(() => validateWebhook(parts));
    expect(error).toMatchObject({ reason: "timestamp-too-old" });
    expect(await validateWebhook(parts, { tolerance: Number.POSITIVE_INFINITY })).toBe(true);
    expect(await validateWebhook(parts, undefined, { tolerance: 7200 })).toBe(true);
  });
});
