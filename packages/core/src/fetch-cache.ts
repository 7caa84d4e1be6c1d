/**
 * The `cache` option of every fetch the client makes: `"no-store"`. Frameworks that patch fetch keep
 * a data cache of their own (Next.js 14 serves GETs from it by default): a prediction's state read
 * from there never changes, and a long poll replayed from there comes back at once.
 *
 * Left out where the runtime's `Request` has no `cache` field: Cloudflare Workers on compatibility
 * dates before 2024-11-11, whose fetch throws "The 'cache' field on 'RequestInitializerDict' is not
 * implemented" when given one. A runtime without the field has no use for it either.
 */
export const fetchCache = (): RequestCache | undefined =>
  "cache" in Request.prototype ? "no-store" : undefined;
