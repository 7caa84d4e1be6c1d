import {
  AbortError,
  type Client,
  checkWholeNumber,
  createIdempotencyKey,
  InvalidResponseError,
  invalidArgument,
  isKnownStatus,
  isTimeoutError,
  type Prediction,
  PredictionCanceledError,
  PredictionFailedError,
  parseModelIdentifier,
  requestJson,
  TimeoutError,
  throwIfAborted,
  toFileOutputs,
  type WebhookOptions,
} from "@dashscope/core";
import { cancelPrediction } from "./cancel-prediction";
import { predictionRequest } from "./create-prediction";
import type { ModelInput, ModelName, RunOutput } from "./model-ref";
import { waitForPrediction } from "./wait-for-prediction";

export interface RunOptions<Input = object> extends WebhookOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files. */
  input: Input;
  wait?:
    | {
        /** `"block"` (the default) holds the create until the prediction finishes; `"poll"` answers at once. */
        mode?: "block" | "poll" | undefined;
        /** Pause between polls when the server does not hold answers, in ms. Defaults to 500. */
        interval?: number | undefined;
        /** Cancel the prediction and reject with a `TimeoutError` after this many ms. Defaults to never. */
        timeout?: number | undefined;
      }
    | undefined;
  /** Aborting cancels the prediction on the server and rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/** Called with the prediction when it is created, on each change, and with its final state. */
export type RunProgress<Output = unknown, Input = Record<string, unknown>> = (
  prediction: Prediction<Input, Output>,
) => void;

// Cleaning up after an abort or a timeout must not hang: each clean-up request gets this long, its
// retries and its body included (a per-attempt `timeout` stops at the headers).
const CLEANUP_TIMEOUT = 10_000;

/** The create's answer, once it is known to be a prediction: anything else is the server's fault. */
function createdPrediction<T>(route: string, answer: T): T {
  const { id, status } = (answer ?? {}) as Partial<Prediction>;
  if (typeof id !== "string" || !isKnownStatus(status)) {
    throw new InvalidResponseError(
      `POST ${route} answered ${typeof id === "string" ? `with an unknown status ${JSON.stringify(status)}` : "without a prediction id"}`,
    );
  }
  return answer;
}

/**
 * Runs the model `ref` (`owner/name` or `owner/name:version`) on `input` and resolves with its output
 * once it has succeeded. Rejects with `PredictionFailedError` or `PredictionCanceledError` otherwise.
 * A `ModelRef` (from `dashscope codegen`) types `input` and the output.
 */
export function run<Output = unknown, Ref extends ModelName = ModelName>(
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
  // Checked here: a missing `ref` would otherwise be blamed on `version`, an option run does not take.
  parseModelIdentifier(ref);
  // A missing `options` is a missing `input`, which the create's checks name.
  const { signal, wait } = options ?? ({} as RunOptions);
  const { mode = "block", interval, timeout } = wait ?? {};
  if (mode !== "block" && mode !== "poll") {
    throw invalidArgument("wait.mode", '"block" or "poll"', mode);
  }
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
    throw invalidArgument("wait.timeout", "a number of milliseconds above 0", timeout);
  }
  if (interval !== undefined) checkWholeNumber(interval, "wait.interval");
  // Checked before the create: once it is sent, a bad `progress` would leave a prediction running.
  if (progress != null && typeof progress !== "function") {
    throw invalidArgument("progress", "a function", progress);
  }
  throwIfAborted(signal);
  const deadline = Date.now() + (timeout ?? 0);
  // Known before the create is sent: a create cut short by an abort is repeated with it to learn its prediction.
  const idempotencyKey = createIdempotencyKey();
  const [route, createOptions] = await predictionRequest(client, {
    ...options,
    model: ref,
    // The server holds the create no longer than the time left (whole seconds, 1 to 60).
    wait: mode === "block" && Math.min(60, Math.max(1, Math.floor((timeout ?? 60_000) / 1000))),
    idempotencyKey,
  });
  let prediction: Prediction<Record<string, unknown>, Output> | undefined;
  const update = (next: Prediction<Record<string, unknown>, Output>) => {
    prediction = next;
    progress?.(next);
  };
  try {
    update(createdPrediction(route, await requestJson(client, route, createOptions)));
    await waitForPrediction(
      client,
      prediction as Prediction<Record<string, unknown>, Output>,
      // Whole milliseconds, and none below 0: a create that used up the time ends in the wait's TimeoutError.
      { interval, signal, timeout: timeout && Math.max(0, Math.ceil(deadline - Date.now())) },
      update,
    );
  } catch (error) {
    if (!signal?.aborted && !isTimeoutError(error)) throw error;
    // Without `Prefer`, the repeated create answers at once with the prediction the first one made.
    prediction ??= await requestJson<Prediction<Record<string, unknown>, Output>>(client, route, {
      ...createOptions,
      headers: {},
      signal: AbortSignal.timeout(CLEANUP_TIMEOUT),
    })
      .then((answer) => createdPrediction(route, answer))
      .catch(() => undefined);
    if (prediction) {
      await cancelPrediction<Record<string, unknown>, Output>(client, prediction.id, {
        signal: AbortSignal.timeout(CLEANUP_TIMEOUT),
      }).then(update, () => {});
    }
    if (signal?.aborted) throw new AbortError(signal.reason);
    // Whether the prediction still runs (and costs) is what the caller must know next.
    const canceled = prediction?.status === "canceled";
    throw Object.assign(
      new TimeoutError(
        `${(error as Error).message}; ${prediction ? `prediction ${prediction.id}` : "the prediction"} ${canceled ? "was canceled" : "was not canceled (it may still be running)"}`,
      ),
      { prediction },
    );
  }
  const final = prediction as Prediction<Record<string, unknown>, Output>;
  if (final.status === "failed") throw new PredictionFailedError(final);
  if (final.status === "canceled") throw new PredictionCanceledError(final);
  return (client.useFileOutput ? toFileOutputs(client, final.output) : final.output) as Output;
}
