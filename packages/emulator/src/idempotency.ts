import { createHash } from "node:crypto";
import { HttpProblem } from "./http-problem";

/** Answers a repeat of a create with what the first one created, in its current state. */
export type Replay = (request: Request) => Promise<Response>;

interface Entry {
  fingerprint: string;
  replay: Replay;
}

const MAX_KEY_LENGTH = 255;

/** JSON with object keys sorted, so that two encodings of the same body compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function fingerprintOf(path: string, canonicalBody: string): string {
  return createHash("sha256").update(path).update("\n").update(canonicalBody).digest("hex");
}

/**
 * `Idempotency-Key` bookkeeping for creates. Keys are kept for the emulator's life (the real service
 * keeps them 24 hours; no emulator run lasts that long).
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  /** The request's key, or null; a key longer than docs/api.md allows is a 400. */
  static keyOf(request: Request): string | null {
    const key = request.headers.get("idempotency-key");
    if (key === null || key === "") return null;
    if (key.length > MAX_KEY_LENGTH) {
      throw new HttpProblem(400, `Idempotency-Key is longer than ${MAX_KEY_LENGTH} characters.`);
    }
    return key;
  }

  /** The replay for a repeat of the same create, null for a new key, a 422 for a different body. */
  lookup(key: string | null, fingerprint: string): Replay | null {
    if (key === null) return null;
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.fingerprint !== fingerprint) {
      throw new HttpProblem(
        422,
        "This Idempotency-Key was already used with a different request; use a new key for a new create.",
      );
    }
    return entry.replay;
  }

  remember(key: string | null, fingerprint: string, replay: Replay): void {
    if (key !== null) this.#entries.set(key, { fingerprint, replay });
  }
}

/** One create's view of the store: the replay of an earlier create with its key, and how to keep its own. */
export interface IdempotentCreate {
  replay: Replay | null;
  remember(replay: Replay): void;
}

/**
 * Looks up the request's `Idempotency-Key` for a create whose fingerprint is the route and `body`
 * (the JSON body, or what stands for it, such as an upload's digest).
 */
export function idempotentJsonCreate(
  store: IdempotencyStore,
  request: Request,
  path: string,
  body: unknown,
): IdempotentCreate {
  const key = IdempotencyStore.keyOf(request);
  const fingerprint = fingerprintOf(`POST ${path}`, canonicalJson(body));
  return {
    replay: store.lookup(key, fingerprint),
    remember: (replay) => store.remember(key, fingerprint, replay),
  };
}
