/** A fresh key for one create; the same key goes with each of that create's retries. */
export function createIdempotencyKey(): string {
  // Node 18 has no global `crypto`; a key only has to be unique, not secret.
  return (
    (globalThis as { crypto?: Crypto }).crypto?.randomUUID?.() ??
    `${Date.now()}${Math.random()}${Math.random()}`.replace(/0\./g, "-")
  );
}
