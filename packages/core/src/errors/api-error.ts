import { DashscopeError, named } from "./dashscope-error";

export interface InvalidField {
  field: string;
  message: string;
}

export interface ApiErrorDetails {
  status: number;
  title: string;
  detail: string | undefined;
  requestId: string | undefined;
  body: unknown;
  method: string;
  url: string;
  response: Response;
  retryAfter?: number | undefined;
}

/**
 * A non-2xx answer from the API. The message says what was asked, what came back and why, in the words
 * replicate's `ApiError` starts with (`Request to <url> failed with status <status>`), which code written
 * for it matches on.
 */
export class ApiError extends /* @__PURE__ */ named("ApiError", DashscopeError) {
  declare readonly status: number;
  declare readonly title: string;
  declare readonly detail: string | undefined;
  declare readonly requestId: string | undefined;
  /** The parsed problem+json body, or the raw text when the body was not JSON. */
  declare readonly body: unknown;
  declare readonly method: string;
  /** The request's URL without its query; it never carries the token, which only travels in a header. */
  declare readonly url: string;
  /** The wait the server asked for before a retry (`Retry-After`), in milliseconds, when it named one. */
  declare readonly retryAfter: number | undefined;
  /** For 422 answers: which input fields were wrong. */
  declare readonly invalidFields: InvalidField[] | undefined;
  declare readonly response: Response;

  /**
   * The request that failed, as replicate's `ApiError` has it: its method and URL (without the query),
   * and no headers, so the token cannot be read from it.
   */
  get request(): Request {
    return new Request(this.url, { method: this.method });
  }

  constructor({ response, ...details }: ApiErrorDetails) {
    super(
      `Request to ${details.url} failed with status ${details.status} ${details.title}${details.detail ? `: ${details.detail}` : ""} (${details.method}${details.requestId ? `, request id ${details.requestId}` : ""})`,
    );
    const fields = (details.body as { invalid_fields?: unknown } | null)?.invalid_fields;
    Object.assign(this, details, { invalidFields: Array.isArray(fields) ? fields : undefined });
    // A getter, not enumerable: logging an error (even with util.inspect's showHidden) shows neither a
    // whole Response object nor its headers, which may echo the token.
    Object.defineProperty(this, "response", { get: () => response });
  }
}

/**
 * A class for one status, for `instanceof`. Its errors are still named "ApiError", as replicate names
 * every error answer: code that decides by `error.name === "ApiError"` (whether to retry, say) must
 * see a 404 as one. The class's own name is what tells it apart in logs (Node prints
 * `NotFoundError [ApiError]: …`); `status` tells it apart in code.
 */
const statusError = (name: string): typeof ApiError =>
  Object.defineProperty(class extends ApiError {}, "name", { value: name });

export const BadRequestError = /* @__PURE__ */ statusError("BadRequestError");
export type BadRequestError = ApiError;
export const AuthenticationError = /* @__PURE__ */ statusError("AuthenticationError");
export type AuthenticationError = ApiError;
export const PermissionDeniedError = /* @__PURE__ */ statusError("PermissionDeniedError");
export type PermissionDeniedError = ApiError;
export const NotFoundError = /* @__PURE__ */ statusError("NotFoundError");
export type NotFoundError = ApiError;
export const ConflictError = /* @__PURE__ */ statusError("ConflictError");
export type ConflictError = ApiError;
export const UnprocessableEntityError = /* @__PURE__ */ statusError("UnprocessableEntityError");
export type UnprocessableEntityError = ApiError;
/** 429; `retryAfter` says how long the server asked to wait. */
export const RateLimitError = /* @__PURE__ */ statusError("RateLimitError");
export type RateLimitError = ApiError;
/** Any 5xx. */
export const InternalServerError = /* @__PURE__ */ statusError("InternalServerError");
export type InternalServerError = ApiError;

export function apiErrorClassFor(status: number): typeof ApiError {
  return (
    {
      400: BadRequestError,
      401: AuthenticationError,
      403: PermissionDeniedError,
      404: NotFoundError,
      409: ConflictError,
      422: UnprocessableEntityError,
      429: RateLimitError,
    }[status] ?? (status >= 500 ? InternalServerError : ApiError)
  );
}
