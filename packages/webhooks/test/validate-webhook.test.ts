import { createHmac } from "node:crypto";
import { isDashscopeError } from "@dashscope/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  isWebhookVerificationError,
  validateWebhook,
  type WebhookParts,
  type WebhookVerificationReason,
} from "../src/index";

// Signed here by hand, so that every kind of bad webhook can be built; the emulator test covers real ones.
const secret = `whsec_${Buffer.from("a test secret, 24 bytes!").toString("base64")}`;
const now = Date.UTC(2025, 0, 1);
const timestamp = String(now / 1000);

function sign(body: string | Uint8Array, id = "msg_1", at = timestamp, key = secret): string {
  const hmac = createHmac("sha256", Buffer.from(key.replace(/^whsec_/, ""), "base64"));
  return `v1,${hmac.update(`${id}.${at}.`).update(body).digest("base64")}`;
}

const body = JSON.stringify({ id: "abc", status: "succeeded", output: "hello Alice" });

function parts(overrides: Partial<WebhookParts> = {}): WebhookParts {
  return { id: "msg_1", timestamp, signature: sign(body), body, ...overrides };
}

async function expectFailure(promise: Promise<unknown>, reason: WebhookVerificationReason, message: RegExp) {
  const error = await promise.then(
    (value) => new Error(`resolved with ${value}`),
    (error: unknown) => error,
  );
  expect(isWebhookVerificationError(error), String(error)).toBe(true);
  expect(isDashscopeError(error)).toBe(true);
  expect(error).toMatchObject({ name: "WebhookVerificationError", reason });
  expect((error as Error).message).toMatch(/^Cannot verify webhook: /);
  expect((error as Error).message).toMatch(message);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("validateWebhook with parts", () => {
  it("accepts a good signature, with the secret as argument or part", async () => {
    expect(await validateWebhook(parts(), secret, { now })).toBe(true);
    expect(await validateWebhook(parts({ secret }), undefined, { now })).toBe(true);
  });

  it("takes the body as a string, bytes, an ArrayBuffer, a Blob or a stream", async () => {
    const bytes = new TextEncoder().encode(body);
    const bodies = [
      bytes,
      Buffer.from(body),
      bytes.buffer,
      new Blob([body]),
      new Response(body).body as ReadableStream<Uint8Array>,
    ];
    for (const raw of bodies) expect(await validateWebhook(parts({ body: raw }), secret, { now })).toBe(true);
  });

  it("checks bytes exactly, even when they are not UTF-8", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    expect(await validateWebhook(parts({ body: bytes, signature: sign(bytes) }), secret, { now })).toBe(true);
    const replaced = new TextEncoder().encode(new TextDecoder().decode(bytes));
    expect(await validateWebhook(parts({ body: replaced, signature: sign(bytes) }), secret, { now })).toBe(
      false,
    );
  });

  it("returns false for a tampered body, id or timestamp, or a wrong secret", async () => {
    expect(await validateWebhook(parts({ body: body.replace("Alice", "Mallory") }), secret, { now })).toBe(
      false,
    );
    expect(await validateWebhook(parts({ body: `${body} ` }), secret, { now })).toBe(false);
    expect(await validateWebhook(parts({ id: "msg_2" }), secret, { now })).toBe(false);
    expect(await validateWebhook(parts({ timestamp: String(now / 1000 + 1) }), secret, { now })).toBe(false);
    const wrong = `whsec_${Buffer.from("another secret").toString("base64")}`;
    expect(await validateWebhook(parts(), wrong, { now })).toBe(false);
    // The same key bytes without the prefix are still the right secret.
    expect(await validateWebhook(parts(), secret.slice(6), { now })).toBe(true);
  });

  it("accepts when any one of several v1 signatures matches", async () => {
    const wrong = sign(body, "msg_1", timestamp, `whsec_${Buffer.from("old secret").toString("base64")}`);
    const good = sign(body);
    expect(await validateWebhook(parts({ signature: `${wrong} ${good}` }), secret, { now })).toBe(true);
    expect(await validateWebhook(parts({ signature: `${good} ${wrong}` }), secret, { now })).toBe(true);
    expect(await validateWebhook(parts({ signature: `${wrong} ${wrong}` }), secret, { now })).toBe(false);
  });

  it("ignores entries of other versions, and entries that are not base64", async () => {
    const digest = sign(body).slice(3);
    expect(await validateWebhook(parts({ signature: `v2,${digest}` }), secret, { now })).toBe(false);
    expect(await validateWebhook(parts({ signature: `v1a,${digest}` }), secret, { now })).toBe(false);
    expect(await validateWebhook(parts({ signature: `v2,${digest} v1,${digest}` }), secret, { now })).toBe(
      true,
    );
    expect(
      await validateWebhook(parts({ signature: `v1,!!not-base64!! v1,${digest}` }), secret, { now }),
    ).toBe(true);
    expect(await validateWebhook(parts({ signature: "v1, v1,AAAA" }), secret, { now })).toBe(false);
  });

  it("allows 5 minutes either way by default", async () => {
    for (const offset of [-300, 300]) {
      const at = String(now / 1000 + offset);
      expect(
        await validateWebhook(parts({ timestamp: at, signature: sign(body, "msg_1", at) }), secret, { now }),
      ).toBe(true);
    }
  });

  it("throws timestamp-too-old for a timestamp over the tolerance in the past", async () => {
    const at = String(now / 1000 - 301);
    await expectFailure(
      validateWebhook(parts({ timestamp: at, signature: sign(body, "msg_1", at) }), secret, { now }),
      "timestamp-too-old",
      /timestamp 301 s off, over the 300 s tolerance/,
    );
  });

  it("throws timestamp-in-future for a timestamp over the tolerance ahead", async () => {
    const at = String(now / 1000 + 301);
    await expectFailure(
      validateWebhook(parts({ timestamp: at, signature: sign(body, "msg_1", at) }), secret, { now }),
      "timestamp-in-future",
      /timestamp -301 s off, over the 300 s tolerance/,
    );
  });

  it("takes a tolerance in seconds, and a Date as now", async () => {
    const at = String(now / 1000 - 3600);
    const old = parts({ timestamp: at, signature: sign(body, "msg_1", at) });
    expect(await validateWebhook(old, secret, { now, tolerance: 3601 })).toBe(true);
    expect(await validateWebhook(old, secret, { now: new Date(now), tolerance: 3600 })).toBe(true);
    await expectFailure(
      validateWebhook(old, secret, { now, tolerance: 60 }),
      "timestamp-too-old",
      /60 s tolerance/,
    );
    await expectFailure(
      validateWebhook(parts(), secret, { now: now + 11_000, tolerance: 10 }),
      "timestamp-too-old",
      /11 s/,
    );
  });

  it("fails closed on a tolerance that is not a number", async () => {
    await expectFailure(
      validateWebhook(parts(), secret, { now, tolerance: Number.NaN }),
      "timestamp-in-future",
      /NaN s tolerance/,
    );
    await expectFailure(
      validateWebhook(parts(), secret, { now, tolerance: "five minutes" as never }),
      "timestamp-in-future",
      /tolerance/,
    );
  });

  it("uses the real clock by default", async () => {
    const at = String(Math.floor(Date.now() / 1000));
    expect(await validateWebhook(parts({ timestamp: at, signature: sign(body, "msg_1", at) }), secret)).toBe(
      true,
    );
    await expectFailure(validateWebhook(parts(), secret), "timestamp-too-old", /over the 300 s tolerance/);
  });

  it.each(["id", "timestamp", "signature"] as const)("throws missing-header without a %s", async (name) => {
    for (const value of [undefined, null, ""]) {
      await expectFailure(
        validateWebhook(parts({ [name]: value }), secret, { now }),
        "missing-header",
        new RegExp(`no valid webhook-${name}$`),
      );
    }
  });

  it("treats a timestamp that is not whole Unix seconds as missing", async () => {
    for (const value of ["abc", "1.5e9", "-1", `${timestamp}.5`, " 1"]) {
      await expectFailure(
        validateWebhook(parts({ timestamp: value }), secret, { now }),
        "missing-header",
        /no valid webhook-timestamp/,
      );
    }
  });

  it("throws missing-secret without a secret, or one that is not base64", async () => {
    for (const bad of [undefined, "", "whsec_", "whsec_not base64!", 42 as never]) {
      await expectFailure(
        validateWebhook(parts(), bad, { now }),
        "missing-secret",
        /no valid whsec_<base64> secret/,
      );
    }
  });

  it("rejects a parsed object body, explaining why", async () => {
    for (const parsed of [JSON.parse(body), [1, 2], Object.create(null)]) {
      await expectFailure(
        validateWebhook(parts({ body: parsed }), secret, { now }),
        "invalid-body",
        /raw body missing, already read or parsed \(serialising changes the bytes\)/,
      );
    }
  });

  it("throws invalid-body without a body", async () => {
    for (const missing of [undefined, null]) {
      await expectFailure(
        validateWebhook(parts({ body: missing }), secret, { now }),
        "invalid-body",
        /missing/,
      );
    }
  });

  it("accepts an empty body when it is what was signed", async () => {
    expect(await validateWebhook(parts({ body: "", signature: sign("") }), secret, { now })).toBe(true);
  });

  it("throws a clear error where there is no crypto.subtle (Node 18 without the flag)", async () => {
    vi.stubGlobal("crypto", undefined);
    const error = await validateWebhook(parts(), secret, { now }).catch((e) => e);
    expect(isDashscopeError(error)).toBe(true);
    expect(isWebhookVerificationError(error)).toBe(false);
    expect(error.message).toMatch(/^no crypto\.subtle \(Node 18: --experimental-global-webcrypto\)$/);
  });
});

describe("validateWebhook with a Request", () => {
  function request(headers: Record<string, string | undefined>, requestBody: BodyInit | null = body) {
    const defined = Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    return new Request("http://127.0.0.1/hook", {
      method: requestBody === null ? "GET" : "POST",
      headers: defined,
      body: requestBody,
    });
  }
  const headers = { "webhook-id": "msg_1", "webhook-timestamp": timestamp, "webhook-signature": sign(body) };

  it("reads the headers and a clone of the body, leaving it readable", async () => {
    const incoming = request(headers);
    expect(await validateWebhook(incoming, secret, { now })).toBe(true);
    expect(incoming.bodyUsed).toBe(false);
    expect(await incoming.text()).toBe(body);
  });

  it("returns false for a tampered body", async () => {
    expect(await validateWebhook(request(headers, body.replace("Alice", "Bob")), secret, { now })).toBe(
      false,
    );
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])(
    "throws missing-header without %s",
    async (name) => {
      await expectFailure(
        validateWebhook(request({ ...headers, [name]: undefined }), secret, { now }),
        "missing-header",
        new RegExp(`no valid ${name}`),
      );
    },
  );

  it("throws invalid-body for a body already read, or none", async () => {
    const read = request(headers);
    await read.text();
    await expectFailure(validateWebhook(read, secret, { now }), "invalid-body", /already read/);
    await expectFailure(validateWebhook(request(headers, null), secret, { now }), "invalid-body", /missing/);
  });

  it("throws missing-secret without a secret", async () => {
    await expectFailure(
      validateWebhook(request(headers), undefined, { now }),
      "missing-secret",
      /no valid whsec_<base64> secret/,
    );
  });
});
