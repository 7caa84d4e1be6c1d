import { createHash, randomBytes } from "node:crypto";
import { seededRandom } from "./seeded-random";

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const HEX_ALPHABET = "0123456789abcdef";

/** Random bytes from the crypto source, or from a seeded generator when the ids must repeat. */
type ByteSource = (count: number) => Uint8Array;

function seededBytes(seed: number): ByteSource {
  const random = seededRandom(seed);
  return (count) => Uint8Array.from({ length: count }, () => Math.floor(random() * 256));
}

function text(bytes: Uint8Array, alphabet: string): string {
  // Both alphabets divide 256, so taking each byte modulo their size keeps every character equally likely.
  let result = "";
  for (const byte of bytes) result += alphabet[byte % alphabet.length];
  return result;
}

/**
 * Every id an emulator hands out. Each kind draws from its own stream, so that with a seed the ids of
 * predictions do not depend on how many times a client polled (which varies with timing), and so on.
 */
export class IdSource {
  readonly #objects: ByteSource;
  readonly #blobs: ByteSource;
  readonly #requests: ByteSource;
  readonly #messages: ByteSource;
  readonly #secrets: ByteSource;
  readonly #signingKeys: ByteSource;

  constructor(seed?: number) {
    const source = (offset: number): ByteSource =>
      seed === undefined
        ? (count) => new Uint8Array(randomBytes(count))
        : seededBytes((seed + offset * 0x9e3779b9) >>> 0);
    this.#objects = source(0);
    this.#blobs = source(1);
    this.#requests = source(2);
    this.#messages = source(3);
    this.#secrets = source(4);
    this.#signingKeys = source(5);
  }

  /** 26 lowercase base32 characters (130 bits): the shape of prediction, training and file ids. */
  object(): string {
    return text(this.#objects(26), BASE32_ALPHABET);
  }

  /** The unguessable part of a served file's path. */
  blobKey(): string {
    return text(this.#blobs(26), BASE32_ALPHABET);
  }

  request(): string {
    return `req_${text(this.#requests(24), HEX_ALPHABET)}`;
  }

  webhookMessage(): string {
    return `msg_${text(this.#messages(24), HEX_ALPHABET)}`;
  }

  /** The key that signs file download URLs (`signed-download.ts`). */
  signingKey(): string {
    return Buffer.from(this.#signingKeys(32)).toString("hex");
  }

  webhookSecret(): string {
    return `whsec_${Buffer.from(this.#secrets(24)).toString("base64")}`;
  }
}

/** Stable from run to run, so a test or an example can hard-code a built-in version id. */
export function versionId(owner: string, name: string, number: number): string {
  return createHash("sha256").update(`${owner}/${name}@${number}`).digest("hex");
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
