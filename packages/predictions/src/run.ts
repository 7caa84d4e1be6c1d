import {
  AbortError,
  type Client,
  createIdempotencyKey,
  invalidArgument,
  isTimeoutError,
  type Prediction,
  PredictionCanceledError,
  PredictionFailedError,
  requestJson,
  TimeoutError,
  throwIfAborted,
  toFileOutputs,
  type WebhookOptions,
} from "@dashscope/core";
import { cancelPrediction } from "./cancel-prediction";
import { predictionRequest } from "./create-prediction";
import { waitForPrediction } from "./wait-for-prediction";

export interface RunOptions extends WebhookOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files. */
  input: Record<string, unknown>;
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
export type RunProgress<Output = unknown> = (prediction: Prediction<Record<string, unknown>, Output>) => void;

// Cleaning up after an abort or a timeout must not hang: each attempt gets this long.
const CLEANUP_TIMEOUT = 10_000;

/**
 * Runs the model `ref` (`owner/name` or `owner/name:version`) on `input` and resolves with its output
 * once it has succeeded. Rejects with `PredictionFailedError` or `PredictionCanceledError` otherwise.
 */
export async function run<Output = unknown>(
  client: Client,
  ref: string,
  options: RunOptions,
  progress?: RunProgress<Output>,
): Promise<Output> {
  const { signal } = options;
  const { mode = "block", interval, timeout } = options.wait ?? {};
  if (mode !== "block" && mode !== "poll") {
    throw invalidArgument("wait.mode", '"block" or "poll"', mode);
  }
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
    throw invalidArgument("wait.timeout", "a number of milliseconds above 0", timeout);
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
    update(await requestJson(client, route, createOptions));
    await waitForPrediction(
      client,
      prediction as Prediction<Record<string, unknown>, Output>,
      { interval, signal, timeout: timeout && deadline - Date.now() },
      update,
    );
  } catch (error) {
    if (!signal?.aborted && !isTimeoutError(error)) throw error;
    // Without `Prefer`, the repeated create answers at once with the prediction the first one made.
    prediction ??= await requestJson<Prediction<Record<string, unknown>, Output>>(client, route, {
      ...createOptions,
      headers: {},
      signal: undefined,
      timeout: CLEANUP_TIMEOUT,
    }).catch(() => undefined);
    if (prediction) {
      await cancelPrediction<Record<string, unknown>, Output>(client, prediction.id, {
        timeout: CLEANUP_TIMEOUT,
      }).then(update, () => {});
    }
    if (signal?.aborted) throw new AbortError(signal.reason);
    throw Object.assign(
      new TimeoutError(
        `${(error as Error).message}${prediction?.status === "canceled" ? `; prediction ${prediction.id} was canceled` : ""}`,
      ),
      { prediction },
    );
  }
  const final = prediction as Prediction<Record<string, unknown>, Output>;
  if (final.status === "failed") throw new PredictionFailedError(final);
  if (final.status === "canceled") throw new PredictionCanceledError(final);
  return (client.useFileOutput ? toFileOutputs(client, final.output) : final.output) as Output;
}
