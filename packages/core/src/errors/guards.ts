import type {
  PredictionAbortedError,
  PredictionCanceledError,
  PredictionFailedError,
} from "../run/prediction-errors";
import type { AbortError } from "./abort-error";
import type { ApiError, RateLimitError } from "./api-error";
import type { ConnectionError } from "./connection-error";
import { type DashscopeError, ERROR_MARKER } from "./dashscope-error";
import type { InvalidArgumentError } from "./invalid-argument-error";
import type { InvalidResponseError } from "./invalid-response-error";
import type { MissingAuthError } from "./missing-auth-error";
import type { StreamError } from "./stream-error";
import type { TimeoutError } from "./timeout-error";

// Guards recognise errors by marker and name, never by `instanceof` alone: two installed copies of
// this package have two different classes, and the user's `catch` may hold either.

export function isDashscopeError(error: unknown): error is DashscopeError {
  return typeof error === "object" && error !== null && (error as DashscopeError)[ERROR_MARKER] === true;
}

export function isApiError(error: unknown): error is ApiError {
  return isDashscopeError(error) && typeof (error as ApiError).status === "number" && "requestId" in error;
}

const hasName =
  <T extends DashscopeError>(name: string) =>
  (error: unknown): error is T =>
    isDashscopeError(error) && error.name === name;

/** A 429: every error answer is named "ApiError", as replicate names them, so the status tells. */
export function isRateLimitError(error: unknown): error is RateLimitError {
  return isApiError(error) && error.status === 429;
}
export const isConnectionError = /* @__PURE__ */ hasName<ConnectionError>("ConnectionError");
export const isTimeoutError = /* @__PURE__ */ hasName<TimeoutError>("TimeoutError");
export const isAbortError = /* @__PURE__ */ hasName<AbortError>("AbortError");
export const isInvalidArgumentError = /* @__PURE__ */ hasName<InvalidArgumentError>("InvalidArgumentError");
export const isInvalidResponseError = /* @__PURE__ */ hasName<InvalidResponseError>("InvalidResponseError");
export const isMissingAuthError = /* @__PURE__ */ hasName<MissingAuthError>("MissingAuthError");
export const isPredictionFailedError =
  /* @__PURE__ */ hasName<PredictionFailedError>("PredictionFailedError");
export const isPredictionCanceledError =
  /* @__PURE__ */ hasName<PredictionCanceledError>("PredictionCanceledError");
export const isPredictionAbortedError =
  /* @__PURE__ */ hasName<PredictionAbortedError>("PredictionAbortedError");
export const isStreamError = /* @__PURE__ */ hasName<StreamError>("StreamError");
