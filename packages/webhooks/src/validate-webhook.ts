import { DashscopeError } from "@dashscope/core";
import { WebhookVerificationError, type WebhookVerificationReason } from "./webhook-verification-error";

/** The raw body exactly as it arrived: never a parsed and re-serialised object. */
export type WebhookBody = string | ArrayBuffer | ArrayBufferView | Blob | ReadableStream<Uint8Array>;

/** A webhook taken apart by hand, for servers that do not hand out a web `Request`. */
export interface WebhookParts {
  /** The `webhook-id` header. */
  id: string | null | undefined;
  /** The `webhook-timestamp` header: Unix seconds. */
  timestamp: string | null | undefined;
  /** The `webhook-signature` header: space-separated `v1,<base64>` entries. */
  signature: string | null | undefined;
  body: WebhookBody | null | undefined;
  /** Used when `validateWebhook` gets no `secret` argument. */
  secret?: string | undefined;
}

export interface ValidateWebhookOptions {
  /**
   * How far, in seconds, the timestamp may be from `now`, either way. Defaults to 300 (5 minutes);
   * `Infinity` turns the check off, as replicate does not make it.
   */
  tolerance?: number | undefined;
  /** The clock to check the timestamp against (a `Date`, or milliseconds like `Date.now()`). For tests. */
  now?: Date | number | undefined;
}

/** A Web Crypto implementation, for runtimes without `globalThis.crypto` (Node 18: `require("node:crypto").webcrypto`). */
export interface WebhookCrypto {
  // The two methods used, spelled out: `SubtleCrypto` is not a global type without the DOM library
  // (a Node project's tsconfig), and the declarations must compile there too.
  subtle: {
    importKey(
      format: "raw",
      // An ArrayBuffer, which every Web Crypto typing takes (TypeScript 5.7's DOM types refuse a
      // Uint8Array that may sit on a SharedArrayBuffer), so `webcrypto as Crypto` fits here.
      keyData: ArrayBuffer,
      algorithm: { name: string; hash: string },
      extractable: boolean,
      keyUsages: string[],
    ): Promise<unknown>;
    sign(algorithm: string, key: unknown, data: ArrayBuffer): Promise<ArrayBuffer>;
  };
}

/** What replicate's `validateWebhook` also takes: headers (a `Headers` or a plain object, as `node:http` gives) and the raw body. */
export interface WebhookRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  body: WebhookBody | null | undefined;
}

function fail(reason: WebhookVerificationReason, message: string): never {
  throw new WebhookVerificationError(reason, message);
}

/** The bytes of the base64 in `text` after `prefix`; none when `text` is not a string of base64. */
function fromBase64(text: unknown, prefix: RegExp | string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob((text as string).replace(prefix, "")), (char) => char.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

/**
 * Checks a webhook's signature (Standard Webhooks: HMAC-SHA256 of `id.timestamp.body`, any one of the
 * `v1,` entries, compared in constant time) with the secret from `getDefaultWebhookSecret`. Takes
 * replicate's call shapes too: `(request, secret, crypto?)` and `({ id, timestamp, signature, body,
 * secret }, crypto?)`. Resolves `false` when no signature matches; throws a `WebhookVerificationError`
 * when a header, the body or the secret is missing or malformed, or when the timestamp is outside the
 * tolerance, or when the first argument is not a webhook at all.
 */
export async function validateWebhook(
  request: Request | WebhookRequest,
  secret?: string,
  options?: ValidateWebhookOptions | WebhookCrypto,
): Promise<boolean>;
export async function validateWebhook(
  parts: WebhookParts,
  options?: ValidateWebhookOptions | WebhookCrypto,
): Promise<boolean>;
export async function validateWebhook(
  requestOrParts: Request | WebhookRequest | WebhookParts,
  secret?: string,
  options?: ValidateWebhookOptions | WebhookCrypto,
): Promise<boolean>;
export async function validateWebhook(
  requestOrParts: Request | WebhookRequest | WebhookParts,
  secret?: string | ValidateWebhookOptions | WebhookCrypto,
  options: ValidateWebhookOptions | WebhookCrypto = {},
): Promise<boolean> {
  // Anything else has no webhook-id: a missing header, as the message says, never a TypeError.
  requestOrParts = Object(requestOrParts);
  if (typeof secret === "object" && secret) {
    options = secret;
    secret = undefined;
  }
  const { headers, body: given } = requestOrParts as WebhookRequest;
  // A clone, so that the caller can still read the body afterwards; a body already read is gone.
  let body = given;
  const request = requestOrParts as Request;
  if (typeof request.clone === "function" && given) {
    body = request.bodyUsed ? null : await request.clone().arrayBuffer();
  }
  const hasHeaders = typeof headers === "object" && headers;
  if (!hasHeaders) secret ??= (requestOrParts as WebhookParts).secret;
  /** A `webhook-*` header: from a Headers instance, a plain object of headers, or the parts given. */
  const header = (name: "id" | "timestamp" | "signature"): unknown => {
    if (!hasHeaders) return (requestOrParts as WebhookParts)[name];
    if (typeof headers.get === "function") return (headers as Headers).get(`webhook-${name}`);
    return (headers as Record<string, unknown>)[`webhook-${name}`];
  };
  const [id, timestamp, signatures] = (["id", "timestamp", "signature"] as const).map((name) => {
    const value = header(name);
    // A timestamp that is not whole Unix seconds is as good as none; the others need some text.
    const pattern = name === "timestamp" ? /^\d+$/ : /./;
    if (
      typeof value !== "string" ||
      !pattern.test(value) ||
      // Standard Webhooks senders send a few signatures (one per secret during a rotation), about 50
      // bytes each. Past this, the header is refused before its entries are decoded.
      (name === "signature" && value.length > 4096)
    )
      fail("missing-header", `no valid webhook-${name}`);
    return value;
  }) as [string, string, string];

  const key = fromBase64(secret, /^whsec_/);
  if (!key.length) fail("missing-secret", "no valid whsec_<base64> secret");

  // What JSON.parse gives (or a reviver); other odd values end as a mismatch, as no one signed them.
  if (([Object, Array, undefined] as unknown[]).includes((body as object | null)?.constructor)) {
    fail("invalid-body", "raw body missing, already read or parsed (serialising changes the bytes)");
  }

  const { tolerance = 300, now = Date.now() } = options as ValidateWebhookOptions;
  const age = Math.round(Number(now) / 1000 - Number(timestamp));
  // Written so that a tolerance that is not a number fails closed instead of letting every timestamp in.
  if (!(Math.abs(age) <= tolerance)) {
    fail(
      `timestamp-${age > 0 ? "too-old" : "in-future"}`,
      `timestamp ${age} s off, over the ${tolerance} s tolerance`,
    );
  }

  // Looked up at call time: Node 18 has Web Crypto only as `require("node:crypto").webcrypto`.
  const subtle: WebhookCrypto["subtle"] | undefined =
    (options as WebhookCrypto).subtle ?? globalThis.crypto?.subtle;
  if (!subtle) {
    throw new DashscopeError("no crypto.subtle (Node 18: --experimental-global-webcrypto)");
  }
  const hmacKey = await subtle.importKey("raw", key.buffer, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  // Bytes, not text: a body that is not valid UTF-8 must still be checked exactly as it came.
  const signed = await new Blob([
    `${id}.${timestamp}.`,
    await new Response(body as BodyInit).arrayBuffer(),
  ]).arrayBuffer();
  // Signed once, whatever the number of entries: a header full of bogus entries costs no more hashing.
  const expected = new Uint8Array(await subtle.sign("HMAC", hmacKey, signed));
  let valid = false;
  for (const entry of signatures.split(" ")) {
    // Not base64, it is no bytes: this entry cannot match, but another one still may.
    const given = fromBase64(entry, "v1,");
    // Compared in a time that depends on the expected length only, never on where the bytes differ;
    // and every entry is, even after a match, so the time does not tell which one matched.
    valid =
      (entry.startsWith("v1,") &&
        !expected.reduce(
          (difference, byte, index) => difference | (byte ^ (given[index] as number)),
          expected.length ^ given.length,
        )) ||
      valid;
  }
  return valid;
}
