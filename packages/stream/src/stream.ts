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
    throw invalidArgument("options", "an object with the model's input", options);
  }
  const { signal, onPrediction } = options;
  let created: Prediction | undefined;
  let canceling: Promise<void> | undefined;
  // Once, whichever comes first: the abort itself, or the consumer's read that the abort ends.
  const cancel = () => {
    canceling ??= Promise.resolve(
      created &&
        // Bounded: an abort must answer promptly even when the server does not.
        cancelPrediction(client, created.id, { signal: AbortSignal.timeout(client.cleanupTimeout) }),
    ).then(
      () => {},
      () => {},
    );
    return canceling;
  };
  return eventStream(
    client,
    async (streamSignal) => {
      const { input, webhook, webhook_events_filter } = options;
      // Aborting the create cancels what it may have made, as `run` does.
      const [route, createOptions] = await predictionRequest(client, {
        model: ref,
        input,
        stream: true,
        webhook,
        webhook_events_filter,
        signal: streamSignal,
      });
      const prediction = await sendCreate(client, route, createOptions);
      created = prediction;
      onPrediction?.(prediction);
      // The stream's own signal aborts once, when it ends for any reason, the caller's abort among
      // them. Listening there rather than on the caller's signal, which may outlive many streams,
      // leaves no listener behind and sends no cancel once the stream is over.
      const cancelIfAborted = () => signal?.aborted && cancel();
      cancelIfAborted();
      streamSignal.addEventListener("abort", cancelIfAborted);
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
    cancel,
  );
}
