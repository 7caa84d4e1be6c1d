import { type Client, InvalidArgumentError, invalidArgument } from "@dashscope/core";
import { type Prediction, parseModelIdentifier, type WebhookOptions } from "@dashscope/core/run";
import {
  cancelPrediction,
  type ModelInput,
  type ModelName,
  predictionRequest,
  sendCreate,
} from "@dashscope/predictions";
import { type EventStream, eventStream, type StreamOptions } from "./event-stream";

export interface StreamModelOptions<Input = object> extends StreamOptions, WebhookOptions {
  /** The model's inputs, typed by the model when `ref` is a `ModelRef`. */
  input: Input;
  /** Called with the prediction once it is created, e.g. to keep its id. */
  onPrediction?: ((prediction: Prediction) => void) | undefined;
  /** A deadline the server keeps (`Cancel-After`): "30s", "5m", "1h30m45s", or whole seconds, at least 5. */
  cancelAfter?: string | number | undefined;
}

/**
 * Runs a model (`owner/name` or `owner/name:version`) with `stream: true` and returns its events. `ref`
 * is checked at once; the prediction is created on the first read, so a stream nobody reads starts nothing.
 * Aborting `signal` also cancels the prediction on the server, as it does for `run`; leaving the loop
 * early only closes the connection.
 */
export function stream<Ref extends ModelName = ModelName>(
  client: Client,
  ref: Ref,
  options: StreamModelOptions<ModelInput<Ref>>,
): EventStream;
export function stream(
  client: Client,
  ref: ModelName,
  // biome-ignore lint/suspicious/noExplicitAny: the implementation's signature, hidden from callers by the one above.
  options: StreamModelOptions<any>,
): EventStream {
  parseModelIdentifier(ref);
  if (typeof options !== "object" || options === null) {
    throw invalidArgument("options", "an object", options);
  }
  let created: Prediction | undefined;
  let canceling: Promise<unknown> | undefined;
  return eventStream(
    client,
    async (streamSignal) => {
      const { input, webhook, webhook_events_filter, cancelAfter, onPrediction } = options;
      // Aborting the create cancels what it may have made, as `run` does.
      const prediction = await sendCreate(
        client,
        ...(await predictionRequest(client, {
          model: ref,
          input,
          stream: true,
          webhook,
          webhook_events_filter,
          cancelAfter,
          signal: streamSignal,
        })),
      );
      created = prediction;
      onPrediction?.(prediction);
      const url = prediction.urls.stream;
      if (!url) {
        throw new InvalidArgumentError(
          "model identifier",
          `${ref} cannot stream: its prediction ${prediction.id} has no urls.stream`,
        );
      }
      return url;
    },
    options,
    // Once, on the caller's abort: cancels the prediction made, within the client's `cleanupTimeout` so
    // that an abort answers promptly even when the server does not. A create that the abort cut short
    // cancels its own. Leaving the loop early only closes the connection.
    () =>
      (canceling ??=
        created &&
        cancelPrediction(client, created.id, { signal: AbortSignal.timeout(client.cleanupTimeout) }).catch(
          () => {},
        )),
  );
}
