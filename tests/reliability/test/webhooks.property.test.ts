import { createHmac } from "node:crypto";
import { isWebhookVerificationError, validateWebhook, type WebhookParts } from "dashscope";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rejectionOf } from "./helpers/outcome";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const NOW_SECONDS = NOW / 1000;
const TOLERANCE = 300;

interface Webhook {
  key: Uint8Array;
  secret: string;
  id: string;
  timestamp: string;
  body: Uint8Array;
}

function sign(key: Uint8Array, id: string, timestamp: string, body: Uint8Array): string {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
}

/** A header-safe string: printable ASCII (fast-check's default), without spaces at the ends. */
const headerText = fc
  .string({ minLength: 1, maxLength: 40 })
  .map((text) => text.trim())
  .filter((text) => text.length > 0);

const webhook = fc
  .record({
    key: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    id: headerText,
    skew: fc.integer({ min: -TOLERANCE, max: TOLERANCE }),
    body: fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.json().map((json) => new TextEncoder().encode(json)),
      fc.string({ unit: "grapheme", maxLength: 200 }).map((text) => new TextEncoder().encode(text)),
    ),
  })
  .map(
    ({ key, id, skew, body }): Webhook => ({
      key,
      secret: `whsec_${Buffer.from(key).toString("base64")}`,
      id,
      timestamp: String(NOW_SECONDS + skew),
      body,
    }),
  );

function parts(
  hook: Webhook,
  signature = `v1,${sign(hook.key, hook.id, hook.timestamp, hook.body)}`,
): WebhookParts {
  return { id: hook.id, timestamp: hook.timestamp, signature, body: hook.body };
}

const verify = (candidate: WebhookParts | Request, secret: string) =>
  validateWebhook(candidate, secret, { now: NOW });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("webhook verification", () => {
  it("accepts every correctly signed webhook, as parts or as a Request, with any number of other signatures", async () => {
    await fc.assert(
      fc.asyncProperty(
        webhook,
        fc.array(fc.base64String({ minLength: 4, maxLength: 44 }), { maxLength: 3 }),
        async (hook, others) => {
          expect(await verify(parts(hook), hook.secret)).toBe(true);
          const good = `v1,${sign(hook.key, hook.id, hook.timestamp, hook.body)}`;
          const listed = [...others.map((other) => `v1,${other}`), good].join(" ");
          expect(await verify(parts(hook, listed), hook.secret)).toBe(true);
          const request = new Request("http://127.0.0.1/webhook", {
            method: "POST",
            headers: {
              "webhook-id": hook.id,
              "webhook-timestamp": hook.timestamp,
              "webhook-signature": good,
            },
            body: new Blob([hook.body as Uint8Array<ArrayBuffer>]),
          });
          expect(await verify(request, hook.secret)).toBe(true);
          // The caller can still read the body afterwards.
          expect(new Uint8Array(await request.arrayBuffer())).toEqual(hook.body);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects any tampering: a changed byte of the body, id or timestamp, another secret", async () => {
    await fc.assert(
      fc.asyncProperty(
        webhook,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async (hook, position, flip, otherKey) => {
          const signature = `v1,${sign(hook.key, hook.id, hook.timestamp, hook.body)}`;
          const body = hook.body.slice();
          if (body.length > 0) {
            const index = position % body.length;
            body[index] = (body[index] ?? 0) ^ flip;
          }
          const tamperedBodies = [
            body.length > 0 ? body : new Uint8Array([flip]),
            new Uint8Array([...hook.body, 0x20]),
          ];
          for (const tampered of tamperedBodies) {
            expect(await verify({ ...parts(hook, signature), body: tampered }, hook.secret)).toBe(false);
          }
          expect(await verify({ ...parts(hook, signature), id: `${hook.id}x` }, hook.secret)).toBe(false);
          const shifted = String(Number(hook.timestamp) + (Number(hook.timestamp) > NOW_SECONDS ? -1 : 1));
          expect(await verify({ ...parts(hook, signature), timestamp: shifted }, hook.secret)).toBe(false);
          if (Buffer.compare(Buffer.from(otherKey), Buffer.from(hook.key)) !== 0) {
            expect(
              await verify(parts(hook, signature), `whsec_${Buffer.from(otherKey).toString("base64")}`),
            ).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects a changed signature and signatures of another version", async () => {
    await fc.assert(
      fc.asyncProperty(
        webhook,
        fc.nat(),
        fc.constantFrom("v2", "v1a", "V1", "v0", "", "v1 "),
        async (hook, position, version) => {
          const good = sign(hook.key, hook.id, hook.timestamp, hook.body);
          const bytes = Buffer.from(good, "base64");
          bytes[position % bytes.length] = (bytes[position % bytes.length] ?? 0) ^ 0x01;
          expect(await verify(parts(hook, `v1,${bytes.toString("base64")}`), hook.secret)).toBe(false);
          expect(await verify(parts(hook, `${version},${good}`), hook.secret)).toBe(false);
          // A signature cut short is no signature either.
          expect(await verify(parts(hook, `v1,${good.slice(0, 20)}`), hook.secret)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects replays: a timestamp outside the tolerance either way, whatever the signature", async () => {
    await fc.assert(
      fc.asyncProperty(
        webhook,
        fc.integer({ min: TOLERANCE + 1, max: 10 * 365 * 86_400 }),
        fc.boolean(),
        async (hook, distance, past) => {
          const timestamp = String(NOW_SECONDS + (past ? -distance : distance));
          const replay = { ...hook, timestamp };
          const error = await rejectionOf(() => verify(parts(replay), hook.secret));
          expect(isWebhookVerificationError(error), String(error)).toBe(true);
          expect(error).toMatchObject({ reason: past ? "timestamp-too-old" : "timestamp-in-future" });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects stripped or malformed headers, and a missing or parsed body, before checking anything", async () => {
    await fc.assert(
      fc.asyncProperty(
        webhook,
        fc.constantFrom<keyof WebhookParts>("id", "timestamp", "signature"),
        fc.constantFrom(undefined, null, ""),
        async (hook, header, stripped) => {
          const error = await rejectionOf(() => verify({ ...parts(hook), [header]: stripped }, hook.secret));
          expect(error).toMatchObject({ reason: "missing-header" });
        },
      ),
      { numRuns: 60 },
    );
    const hook = fc.sample(webhook, { numRuns: 1, seed: 7 })[0] as Webhook;
    for (const timestamp of ["soon", "1.5", "-1", "1e9", " 17"]) {
      expect(await rejectionOf(() => verify({ ...parts(hook), timestamp }, hook.secret))).toMatchObject({
        reason: "missing-header",
      });
    }
    for (const body of [undefined, null, { parsed: true }, [1, 2]]) {
      expect(
        await rejectionOf(() => verify({ ...parts(hook), body: body as never }, hook.secret)),
      ).toMatchObject({ reason: "invalid-body" });
    }
    for (const secret of ["", "whsec_", "whsec_!!!", undefined]) {
      expect(await rejectionOf(() => verify(parts(hook), secret as never))).toMatchObject({
        reason: "missing-secret",
      });
    }
  });

  it("signs once per check and compares every candidate itself, never through crypto.subtle.verify", async () => {
    const subtle = globalThis.crypto.subtle;
    const signSpy = vi.spyOn(subtle, "sign");
    const verifySpy = vi.spyOn(subtle, "verify");
    const hook = fc.sample(webhook, { numRuns: 1, seed: 11 })[0] as Webhook;
    const good = sign(hook.key, hook.id, hook.timestamp, hook.body);
    const wrong = [Buffer.alloc(32, 1).toString("base64"), Buffer.alloc(32, 2).toString("base64")];
    expect(await verify(parts(hook, wrong.map((entry) => `v1,${entry}`).join(" ")), hook.secret)).toBe(false);
    // One HMAC, whatever the number of entries; the comparison is a byte loop of the package's own
    // (constant time, not a string `===`), so it does not depend on the runtime's verify.
    expect(signSpy).toHaveBeenCalledTimes(1);
    expect(signSpy.mock.calls.every(([algorithm]) => algorithm === "HMAC")).toBe(true);
    signSpy.mockClear();
    expect(await verify(parts(hook, `v1,${wrong[0]} v1,${good}`), hook.secret)).toBe(true);
    expect(signSpy).toHaveBeenCalledTimes(1);
    expect(verifySpy).not.toHaveBeenCalled();
  });
});
