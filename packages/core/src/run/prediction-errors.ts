import { DashscopeError, named } from "../errors/dashscope-error";

/** What a prediction-like object must have for these errors to describe it. */
export interface FinishedRun {
  id: string;
  status: string;
  error?: unknown;
}

/** A prediction or training ended `failed`. `prediction` is the final object. */
export class PredictionFailedError<T extends FinishedRun = FinishedRun> extends /* @__PURE__ */ named(
  "PredictionFailedError",
  DashscopeError,
) {
  declare readonly prediction: T;

  constructor(prediction: T, noun = "Prediction") {
    const reason =
      typeof prediction.error === "string" ? prediction.error : JSON.stringify(prediction.error ?? null);
    super(`${noun} failed: ${reason}`);
    this.prediction = prediction;
  }
}

/** A prediction or training ended `canceled`. `prediction` is the final object. */
export class PredictionCanceledError<T extends FinishedRun = FinishedRun> extends /* @__PURE__ */ named(
  "PredictionCanceledError",
  DashscopeError,
) {
  declare readonly prediction: T;

  constructor(prediction: T, noun = "Prediction") {
    super(`${noun} ${prediction.id} was canceled`);
    this.prediction = prediction;
  }
}

/**
 * A prediction or training ended `aborted`: the server stopped it before it started, because its
 * deadline (`cancelAfter`) came first. `prediction` is the final object.
 */
export class PredictionAbortedError<T extends FinishedRun = FinishedRun> extends /* @__PURE__ */ named(
  "PredictionAbortedError",
  DashscopeError,
) {
  declare readonly prediction: T;

  constructor(prediction: T, noun = "Prediction") {
    super(`${noun} ${prediction.id} was aborted: its deadline came before it started`);
    this.prediction = prediction;
  }
}
