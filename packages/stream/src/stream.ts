import {
  type Client,
  InvalidArgumentError,
  type Prediction,
  parseModelIdentifier,
  type WebhookOptions,
} from "@dashscope/core";
import { cancelPrediction, createPrediction } from "@dashscope/predictions";
import { type EventStream, eventStream, type StreamOptions } from "./event-stream";

export interface StreamModelOptions extends StreamOptions, WebhookOptions {
  /** The model's inputs. */
  input: Record<string, unknown>;
  /** Called with the prediction once it is created, e.g. to keep its id. */
  onPrediction?: ((prediction: Prediction) => void) | undefined;
}

// Cancelling after an abort must not hang on a server that does not answer.
const CANCEL_TIMEOUT = 10_000;

/**
 * Runs a model (`owner/name` or `owner/name:version`) with `stream: true` and returns its events. `ref`
 * is checked at once; the prediction is created on the first read, so a stream nobody reads starts nothing.
 * Aborting `signal` also cancels the prediction on the server, as it does for `run`; leaving the loop
 * early only closes the connection.
 */
export function stream(client: Client, ref: string, options: StreamModelOptions): EventStream {
  parseModelIdentifier(ref);
  const { signal, onPrediction } = options;
  let created: Prediction | undefined;
  let canceling: Promise<void> | undefined;
  // Once, whichever comes first: the abort itself, or the consumer's read that the abort ends.
  const cancel = () => {
    canceling ??= created
      ? cancelPrediction(client, created.id, { timeout: CANCEL_TIMEOUT }).then(
          () => {},
          () => {},
        )
      : Promise.resolve();
    return canceling;
  };
  return eventStream(
    client,
    async () => {
      const { input, webhook, webhook_events_filter } = options;
      // Not cut short by an abort: a create whose answer never arrived would leave a prediction
      // running that nobody knows of. It answers at once, and an abort then cancels what it made.
      const prediction = await createPrediction(client, {
        model: ref,
        input,
        stream: true,
        webhook,
        webhook_events_filter,
      });
      created = prediction;
      onPrediction?.(prediction);
      if (signal?.aborted) cancel();
      else signal?.addEventListener("abort", cancel, { once: true });
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
