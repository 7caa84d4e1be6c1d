import type { Client } from "./client";

// Set once a fetch has refused the `cache` field: it is left out of every later request.
let cacheFieldRefused = false;

/**
 * `client.fetch` with `cache: "no-store"`. Frameworks that patch fetch keep a data cache of their own
 * (Next.js 14 serves GETs from it by default): a prediction's state read from there never changes, and
 * a long poll replayed from there comes back at once. Cloudflare Workers long refused the field ("The
 * 'cache' field on 'RequestInitializerDict' is not implemented", on compatibility dates before
 * 2024-11-11); that call is made again without it, and so is every later one.
 */
export async function uncachedFetch(client: Client, url: string, init: RequestInit): Promise<Response> {
  if (!cacheFieldRefused) {
    try {
      // Called detached: a browser's fetch throws "Illegal invocation" when called as a method of another object.
      // biome-ignore lint/complexity/noCommaOperator: `(0, f)()` calls `f` without `this`, in fewer bytes.
      return await (0, client.fetch)(url, { ...init, cache: "no-store" });
    } catch (error) {
      // Matched by its words: workerd throws a plain Error, before anything is sent.
      if (!/'cache'|\bcache (field|mode|option)/i.test((error as Error)?.message)) throw error;
      cacheFieldRefused = true;
    }
  }
  // biome-ignore lint/complexity/noCommaOperator: as above.
  return (0, client.fetch)(url, init);
}
