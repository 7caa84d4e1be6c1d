import type { RequestOptions } from "@dashscope/core";

/** What every function of this package passes on to each request: a signal, and per-call overrides. */
export type PredictionRequestOptions = Pick<RequestOptions, "signal" | "timeout" | "maxRetries">;
