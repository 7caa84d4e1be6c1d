import {
  type Client,
  checkWholeNumber,
  invalidArgument,
  isTerminal,
  type Prediction,
  PredictionAbortedError,
  PredictionCanceledError,
  PredictionFailedError,
  throwIfAborted,
  type WebhookOptions,
} from "@dashscope/core";
import { abandonPrediction, sendCreate } from "./abandon-prediction";
import { predictionRequest } from "./create-prediction";
import type { ModelInput, ModelName, RunOutput } from "./model-ref";
import { waitForPrediction } from "./wait-for-prediction";

export interface RunOptions<Input = object> extends WebhookOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files. */
  input: Input;
  /**
   * How to wait for the prediction. Left out, the server holds the create (`mode: "block"`); given
   * without a `mode`, `run` polls. Either way it waits until the prediction has finished: for a
   * deadline, pass `signal: AbortSignal.timeout(ms)`.
   */
  wait?:
    | {
        /** `"block"` asks the server to hold the create until the prediction finishes; `"poll"` answers at once. */
        mode?: "block" | "poll" | undefined;
        /** Milliseconds between polls where the server does not hold answers. Defaults to 500. */
        interval?: number | undefined;
        /** With `mode: "block"`: how many seconds (1–60) the server holds the create. Defaults to 60. */
        timeout?: number | undefined;
      }
    | undefined;
  /** Aborting cancels the prediction on the server and rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /**
   * A deadline the server keeps (`Cancel-After`): "30s", "5m", "1h30m45s", or whole seconds, at least 5.
   * Past it the prediction ends `canceled`, or `aborted` if it never started (a `PredictionAbortedError`).
   */
  cancelAfter?: string | number | undefined;
}

/** Called with the prediction when it is created, on each change, and with its final state. */
export type RunProgress<Output = unknown, Input = object> = (prediction: Prediction<Input, Output>) => void;

/**
 * Runs the model `ref` (`owner/name` or `owner/name:version`) on `input` and resolves with its output
 * once it has succeeded. Rejects with `PredictionFailedError`, `PredictionCanceledError` or
 * `PredictionAbortedError` (its `cancelAfter` deadline came before it started) otherwise.
 * Should it give up (an abort, or a failure once the prediction exists), it cancels the prediction first.
 * A `ModelRef` (from `dashscope codegen`) types `input` and the output. For a plain identifier the
 * output is `object`, as replicate types it, unless given (`run<string>(…)`) or taken from the type the
 * result is assigned to.
 */
export function run<Output = object, Ref extends ModelName = ModelName>(
  client: Client,
  ref: Ref,
  options: RunOptions<ModelInput<Ref>>,
  progress?: RunProgress<RunOutput<Ref, Output>, ModelInput<Ref, Record<string, unknown>>>,
): Promise<RunOutput<Ref, Output>>;
export async function run<Output = unknown>(
  client: Client,
  ref: ModelName,
  options: RunOptions,
  progress?: RunProgress<Output>,
): Promise<Output> {
  // A missing `options` is a missing `input`, which the create's checks name.
  const { signal, wait } = options ?? ({} as RunOptions);
  if (wait != null && typeof wait !== "object") {
    throw invalidArgument("wait", "an object", wait);
  }
  // As in replicate: no `wait` blocks on the create, a `wait` without a mode polls.
  const { mode = wait ? "poll" : "block", interval, timeout } = wait ?? {};
  if (mode !== "block" && mode !== "poll") {
    throw invalidArgument("wait.mode", '"block" or "poll"', mode);
  }
  // Every check comes before the create: once it is sent, a refusal would leave a prediction running.
  // Seconds the server holds the create, so no deadline: one message says both.
  if (
    timeout !== undefined &&
    (mode !== "block" || !(Number.isInteger(timeout) && timeout > 0 && timeout < 61))
  ) {
    throw invalidArgument(
      "wait.timeout",
      'a whole number of seconds from 1 to 60, with mode "block" only; for a deadline, pass signal: AbortSignal.timeout(ms)',
      timeout,
    );
  }
  if (interval !== undefined) checkWholeNumber(interval, "wait.interval");
  if (progress != null && typeof progress !== "function") {
    throw invalidArgument("progress", "a function", progress);
  }
  throwIfAborted(signal);
  // Object.assign, not `{ ...options, model, wait }`: V8 (Node 20) builds a spread copy that gains fields
  // on a slow path, a microsecond each time.
  const [route, createOptions] = await predictionRequest(
    client,
    Object.assign({}, options, { model: ref, wait: mode === "block" && (timeout ?? true) }),
  );
  let prediction: Prediction<Record<string, unknown>, Output> | undefined;
  const update = (next: Prediction<Record<string, unknown>, Output>) => {
    prediction = next;
    progress?.(next);
  };
  // A create that fails has given up on its own prediction already.
  const created = await sendCreate(client, route, createOptions, update);
  try {
    update(created);
    // Not terminal after a held create (its window ended first) or in poll mode: waited for without a
    // deadline. A held create usually answers the final state, which needs no wait at all.
    if (!isTerminal(created.status)) await waitForPrediction(client, created, { interval, signal }, update);
  } catch (error) {
    await abandonPrediction(client, error, signal, prediction, undefined, update);
  }
  const { status, output } = prediction as Prediction<Record<string, unknown>, Output>;
  if (status === "failed") throw new PredictionFailedError(prediction as Prediction);
  if (status === "canceled") throw new PredictionCanceledError(prediction as Prediction);
  if (status === "aborted") throw new PredictionAbortedError(prediction as Prediction);
  const map = client.useFileOutput;
  return (map ? map(client, output) : output) as Output;
}
