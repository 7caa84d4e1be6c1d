import { InvalidArgumentError, invalidArgument } from "./errors/invalid-argument-error";
import type { RequestOptions } from "./request";

/**
 * Refuses any key of `options` that is not one of the space-separated names in `known`, naming it: a
 * misspelt or unsupported option would otherwise be dropped without a word, and the request sent without it.
 */
export function checkOptionNames(options: object, known: string): void {
  for (const name of Object.keys(options)) {
    if (!known.split(" ").includes(name)) {
      throw new InvalidArgumentError(`option "${name}"`, `expected one of: ${known}`);
    }
  }
}

/** replicate's names for `query` and `body`, accepted beside them so that code written for it runs as is. */
export interface ReplicateRequestOptions {
  /** Query parameters, as `query`. */
  params?: Record<string, string | number | boolean | null | undefined> | undefined;
  /** Sent as JSON, or as it is when it is a `FormData`; as `body`, but any value is JSON-encoded. */
  data?: unknown;
}

/**
 * Arguments written for replicate's `request` in the shape `request` sends: a `URL` route as a string,
 * `params` and `data` as `query` and `body`. `data` is sent as JSON whatever it is, a `FormData` as it
 * is (with the multipart type, boundary included, that fetch gives it), as replicate's `request` does.
 * Any other unknown option is an `InvalidArgumentError` naming it. The `Dashscope` class calls it;
 * `request` itself does not, so that a bundle that never meets replicate's shapes does not carry it.
 */
export function normalizeRequest(
  route: unknown,
  options: RequestOptions & ReplicateRequestOptions = {},
): [string, RequestOptions] {
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  checkOptionNames(
    options,
    "method query params body data headers signal timeout maxRetries idempotencyKey idempotent",
  );
  const { params, data, ...normalized } = options;
  if ((params && normalized.query) || (data !== undefined && normalized.body !== undefined)) {
    throw new InvalidArgumentError("options", "give params or query, data or body, not both");
  }
  if (params) normalized.query = params;
  if (data !== undefined) {
    const headers = new Headers(normalized.headers);
    const isForm = data instanceof FormData;
    normalized.headers = headers;
    normalized.body = isForm ? data : JSON.stringify(data);
    // A FormData's type comes from fetch, with its boundary; anything else is JSON unless typed already.
    if (isForm) headers.delete("content-type");
    else if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return [route instanceof URL ? route.href : (route as string), normalized];
}
