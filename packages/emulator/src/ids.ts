import { createHash, randomBytes } from "node:crypto";

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** 26 lowercase base32 characters (130 random bits): the shape of prediction, training and file ids. */
export function randomId(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  const bytes = randomBytes(26);
  let id = "";
  for (const byte of bytes) id += BASE32_ALPHABET[byte % 32];
  return id;
}

/** Stable from run to run, so a test or an example can hard-code a built-in version id. */
export function versionId(owner: string, name: string, number: number): string {
  return createHash("sha256").update(`${owner}/${name}@${number}`).digest("hex");
}

export function requestId(): string {
  return `req_${randomBytes(12).toString("hex")}`;
}

export function webhookMessageId(): string {
  return `msg_${randomBytes(12).toString("hex")}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
