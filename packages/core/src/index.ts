export { sleep, throwIfAborted } from "./abortable";
export { type Account, getAccount } from "./account";
export {
  type Client,
  type ClientOptions,
  createClient,
  DEFAULT_BASE_URL,
  type FetchFunction,
} from "./client";
export { AbortError } from "./errors/abort-error";
export {
  ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  type InvalidField,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors/api-error";
export { ConnectionError } from "./errors/connection-error";
export { DashscopeError } from "./errors/dashscope-error";
export {
  isAbortError,
  isApiError,
  isConnectionError,
  isDashscopeError,
  isInvalidArgumentError,
  isInvalidResponseError,
  isMissingAuthError,
  isPredictionAbortedError,
  isPredictionCanceledError,
  isPredictionFailedError,
  isRateLimitError,
  isStreamError,
  isTimeoutError,
} from "./errors/guards";
export { InvalidArgumentError, invalidArgument } from "./errors/invalid-argument-error";
export { InvalidResponseError } from "./errors/invalid-response-error";
export { MissingAuthError } from "./errors/missing-auth-error";
export { StreamError } from "./errors/stream-error";
export { TimeoutError } from "./errors/timeout-error";
export { createIdempotencyKey } from "./idempotency-key";
export { type ListOptions, listPage } from "./list-page";
export type { Page } from "./page";
export { type FirstPage, type PaginateOptions, paginate, paginateItems } from "./paginate";
export { pathSegment } from "./path-segment";
export { REDACTED, redact } from "./redact";
export { MAX_ANSWER_BYTES, type RequestOptions, request, requestJson } from "./request";
export { checkOptionNames, normalizeRequest, type ReplicateRequestOptions } from "./request-options";
// The prediction lifecycle lives at "@dashscope/core/run"; re-exported here for existing imports.
export * from "./run/index";
export type { QueryParameters } from "./url";
export { VERSION } from "./version";
export { checkWholeNumber } from "./whole-number";
