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
  subtle: SubtleCrypto;
}

/** What replicate's `validateWebhook` also takes: headers (a `Headers` or a plain object, as `node:http` gives) and the raw body. */
export interface WebhookRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  body: WebhookBody | null | undefined;
}

function fail(reason: WebhookVerificationReason, message: string): never {
  throw new WebhookVerificationError(reason, message);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

const HEADERS = ["id", "timestamp", "signature"] as const;
// Standard Webhooks senders send a few signatures (one per secret during a rotation), about 50 bytes
// each. Past this, the header is refused before its entries are decoded.
const MAX_SIGNATURE_HEADER = 4096;

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
  if (typeof requestOrParts !== "object" || !requestOrParts) {
    fail("missing-header", "expected a Request, { headers, body } or { id, timestamp, signature, body }");
  }
  if (typeof secret === "object" && secret) {
    options = secret;
    secret = undefined;
  }
  const { headers, body: given } = requestOrParts as WebhookRequest;
  const request = requestOrParts as Request;
  // A clone, so that the caller can still read the body afterwards; a body already read is gone.
  const body =
    typeof request.clone !== "function"
      ? given
      : request.bodyUsed
        ? null
        : given && (await request.clone().arrayBuffer());
  const hasHeaders = typeof headers === "object" && headers;
  if (!hasHeaders) secret ??= (requestOrParts as WebhookParts).secret;
  const [id, timestamp, signatures] = HEADERS.map((name, index) => {
    const value = hasHeaders
      ? typeof headers.get === "function"
        ? (headers as Headers).get(`webhook-${name}`)
        : (headers as Record<string, unknown>)[`webhook-${name}`]
      : (requestOrParts as WebhookParts)[name];
    // A timestamp that is not whole Unix seconds is as good as none.
    if (
      typeof value !== "string" ||
      !(index === 1 ? /^\d+$/ : /./).test(value) ||
      (index > 1 && value.length > MAX_SIGNATURE_HEADER)
    )
      fail("missing-header", `no valid webhook-${name}`);
    return value;
  }) as [string, string, string];

  let key: Uint8Array<ArrayBuffer> | undefined;
  try {
    key = fromBase64((secret as string).replace(/^whsec_/, ""));
  } catch {}
  if (!key?.length) fail("missing-secret", "no secret, or not whsec_<base64>");

  // What JSON.parse gives (or a reviver); other odd values end as a mismatch, as no one signed them.
  if (body == null || ([Object, Array, undefined] as unknown[]).includes((body as object).constructor)) {
    fail(
      "invalid-body",
      "the raw body is missing, already read or parsed (serialising changes the signed bytes)",
    );
  }

  const { tolerance = 300, now = Date.now() } = options as ValidateWebhookOptions;
  const age = Math.round(+now / 1000 - +timestamp);
  // Written so that a tolerance that is not a number fails closed instead of letting every timestamp in.
  if (!(Math.abs(age) <= tolerance)) {
    fail(
      age > 0 ? "timestamp-too-old" : "timestamp-in-future",
      `timestamp ${age} s off, over the ${tolerance} s tolerance`,
    );
  }

  // Looked up at call time: Node 18 has Web Crypto only as `require("node:crypto").webcrypto`.
  const subtle = (options as WebhookCrypto).subtle ?? globalThis.crypto?.subtle;
  if (!subtle) {
    throw new DashscopeError("crypto.subtle is missing (Node 18: --experimental-global-webcrypto)");
  }
  const hmacKey = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  // Bytes, not text: a body that is not valid UTF-8 must still be checked exactly as it came.
  const signed = await new Blob([
    `${id}.${timestamp}.`,
    await new Response(body as BodyInit).arrayBuffer(),
  ]).arrayBuffer();
  // Signed once, whatever the number of entries: a header full of bogus entries costs no more hashing.
  const expected = new Uint8Array(await subtle.sign("HMAC", hmacKey, signed));
  let valid = false;
  for (const entry of signatures.split(" ")) {
    try {
      const given = fromBase64(entry.slice(3));
      // Compared in a time that depends on the expected length only, never on where the bytes differ;
      // and every entry is, even after a match, so the time does not tell which one matched.
      let difference = expected.length ^ given.length;
      for (let index = 0; index < expected.length; index++) {
        difference |= (expected[index] as number) ^ (given[index] as number);
      }
      valid ||= entry.startsWith("v1,") && !difference;
    } catch {
      // Not base64: this entry cannot match, but another one still may.
    }
  }
  return valid;
}
