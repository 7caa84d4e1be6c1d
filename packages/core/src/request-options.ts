import { InvalidArgumentError, invalidArgument } from "./errors/invalid-argument-error";
import type { RequestOptions } from "./request";

/**
 * Refuses any key of `options` that is not in `known`, naming it: a misspelt or unsupported option
 * would otherwise be dropped without a word, and the request sent without it.
 */
export function checkOptionNames(options: object, known: string[], argument = "option"): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(
        `${argument} "${name}"`,
        `expected one of ${known.map((each) => `"${each}"`).join(", ")}`,
      );
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

const REQUEST_OPTIONS = [
  "method",
  "query",
  "params",
  "body",
  "data",
  "headers",
  "signal",
  "timeout",
  "maxRetries",
  "idempotencyKey",
  "idempotent",
];

/**
 * `request`'s arguments in the one shape it sends: a route string, and replicate's `params` and `data`
 * turned into `query` and `body`. `data` is sent as JSON whatever it is, a `FormData` as it is (with
 * the multipart type, boundary included, that fetch gives it), as replicate's `request` does.
 */
export function normalizeRequest(
  route: unknown,
  options: RequestOptions & ReplicateRequestOptions = {},
): [unknown, RequestOptions] {
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  checkOptionNames(options, REQUEST_OPTIONS);
  const { params, data, ...rest } = options;
  const normalized: RequestOptions = rest;
  if (params !== undefined) {
    if (rest.query !== undefined) throw invalidArgument("params", "either params or query, not both", params);
    normalized.query = params;
  }
  if (data !== undefined) {
    if (rest.body !== undefined) throw invalidArgument("data", "either data or body, not both", data);
    const headers = new Headers(rest.headers);
    if (data instanceof FormData) {
      headers.delete("content-type");
      normalized.body = data;
    } else if (data !== null) {
      headers.set("content-type", headers.get("content-type") ?? "application/json");
      normalized.body = JSON.stringify(data);
    }
    normalized.headers = headers;
  }
  return [route instanceof URL ? route.href : route, normalized];
}
