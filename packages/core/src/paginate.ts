import type { Client } from "./client";
import { invalidArgument } from "./errors/invalid-argument-error";
import { InvalidResponseError } from "./errors/invalid-response-error";
import type { Page } from "./page";
import { requestJson } from "./request";
import { checkOptionNames } from "./request-options";
import { isApiOrigin } from "./url";

/**
 * The first page itself, or a list function such as `listPredictions` bound to its client, which is
 * called with the options given to `paginate` (its filters, its `signal`).
 */
export type FirstPage<T, Options = PaginateOptions> =
  | Page<T>
  | Promise<Page<T>>
  | ((options: Options) => Promise<Page<T>>);

export interface PaginateOptions {
  signal?: AbortSignal | undefined;
}

function checkPage<T>(page: Page<T>): Page<T> {
  if (!page || !Array.isArray(page.results)) {
    throw new InvalidResponseError("A list endpoint answered without a `results` array");
  }
  return page;
}

/**
 * Every page, starting with `first` and following each `next` URL as the server gave it.
 * A `next` URL on another origin is refused, so the token never follows it.
 */
async function* pages<T, Options>(
  client: Client,
  first: FirstPage<T, Options>,
  options: Options = {} as Options,
): AsyncGenerator<Page<T>, void, undefined> {
  const { signal } = options as PaginateOptions;
  // A function or a promise may answer a bad page: the server's fault. Anything else is the caller's.
  if (
    typeof first !== "function" &&
    typeof (first as Promise<unknown>)?.then !== "function" &&
    !Array.isArray((first as Page<T>)?.results)
  ) {
    throw invalidArgument("first", "a page, a promise of one, or a list function", first);
  }
  // Filters are the list function's to send: given with a page already fetched, they would be dropped.
  if (typeof first !== "function") checkOptionNames(Object(options), "signal");
  let page = checkPage(await (typeof first === "function" ? first({ ...options }) : first));
  const seen = new Set<string>();
  for (;;) {
    yield page;
    if (!page.next) return;
    const next = new URL(page.next, client.baseUrl);
    if (!isApiOrigin(client, next)) {
      // Only the API's own origin gets the token.
      throw new InvalidResponseError(`Refusing to follow a \`next\` page on another origin: ${next.origin}`);
    }
    // Compared as sent: a `#fragment` never leaves the client, so a `next` that differs only by one
    // asks for the same page again.
    next.hash = "";
    if (seen.has(next.href))
      throw new InvalidResponseError(`Pagination loops back to ${next.origin}${next.pathname}`);
    seen.add(next.href);
    page = checkPage(await requestJson<Page<T>>(client, next.href, { signal }));
  }
}

/**
 * Yields the `results` array of every page, as replicate's `paginate` does. A list function is called
 * with `options`, so
 * `paginate(client, (options) => listPredictions(client, options), { source: "web" })`
 * filters every page: each `next` URL keeps the filters. To follow `next` and `previous` yourself,
 * call the list function and read them from the page it answers.
 */
// `Options` is left unconstrained: a list function whose options are optional is inferred as taking
// `Options | undefined`, which a constraint would refuse, falling back to `PaginateOptions` and so
// refusing the filters given beside it.
export async function* paginate<T, Options = PaginateOptions>(
  client: Client,
  first: FirstPage<T, Options>,
  options?: Options,
): AsyncGenerator<T[], void, undefined> {
  for await (const page of pages(client, first, options)) yield page.results;
}

/** Every item of every page, one at a time. */
export async function* paginateItems<T, Options = PaginateOptions>(
  client: Client,
  first: FirstPage<T, Options>,
  options?: Options,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages(client, first, options)) yield* page.results;
}
