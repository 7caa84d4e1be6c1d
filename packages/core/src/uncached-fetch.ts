import type { Client } from "./client";

// Until a fetch refuses the field; then left out (undefined) of every later request.
let cache: RequestCache | undefined = "no-store";

/**
 * `client.fetch` with `cache: "no-store"`. Frameworks that patch fetch keep a data cache of their own
 * (Next.js 14 serves GETs from it by default): a prediction's state read from there never changes, and
 * a long poll replayed from there comes back at once. Cloudflare Workers long refused the field ("The
 * 'cache' field on 'RequestInitializerDict' is not implemented", on compatibility dates before
 * 2024-11-11), before sending anything: that call is made again without it, and so is every later one.
 */
export const uncachedFetch = (client: Client, url: string, init: RequestInit): Promise<Response> =>
  // Called detached: a browser's fetch throws "Illegal invocation" when called as a method of another object.
  // biome-ignore lint/complexity/noCommaOperator: `(0, f)()` calls `f` without `this`, in fewer bytes.
  (0, client.fetch)(url, { ...init, cache }).catch((error) => {
    // Recognised by its words: workerd throws a plain Error, not a TypeError.
    if (!cache || !/'cache'|cache (field|mode)/i.test(error?.message)) throw error;
    cache = undefined;
    return uncachedFetch(client, url, init);
  });
