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
  isPredictionCanceledError,
  isPredictionFailedError,
  isRateLimitError,
  isStreamError,
  isTimeoutError,
} from "./errors/guards";
export { InvalidArgumentError, invalidArgument } from "./errors/invalid-argument-error";
export { InvalidResponseError } from "./errors/invalid-response-error";
export { MissingAuthError } from "./errors/missing-auth-error";
export { type FinishedRun, PredictionCanceledError, PredictionFailedError } from "./errors/prediction-errors";
export { StreamError } from "./errors/stream-error";
export { TimeoutError } from "./errors/timeout-error";
export {
  dataUriEncoder,
  encodeFileInputs,
  type FileEncodingStrategy,
  type FileUploader,
  MAX_DATA_URI_BYTES,
  toBlob,
} from "./file-input";
export { FileOutput, type FileOutputMapper, toFileOutputs } from "./file-output";
export { createIdempotencyKey } from "./idempotency-key";
export { type ListOptions, listPage } from "./list-page";
export { checkModelName, type ModelIdentifier, parseModelIdentifier, pathSegment } from "./model-identifier";
export type { Page } from "./page";
export { type FirstPage, type PaginateOptions, paginate, paginateItems } from "./paginate";
export type { Prediction } from "./prediction";
export { preferWaitHeader } from "./prefer-wait";
export { REDACTED, redact } from "./redact";
export { type RequestOptions, request, requestJson } from "./request";
export { checkOptionNames, normalizeRequest, type ReplicateRequestOptions } from "./request-options";
export { createRunRequest, type RunRequestOptions } from "./run-request";
export { isKnownStatus, isTerminal, type Status } from "./status";
export type { QueryParameters } from "./url";
export { VERSION } from "./version";
export { type OnUpdate, type WaitOptions, waitFor } from "./wait";
export { checkWebhookOptions, type WebhookEventType, type WebhookOptions } from "./webhook-options";
export { checkWholeNumber } from "./whole-number";
