import {
  type Client,
  InvalidArgumentError,
  parseModelIdentifier,
  type WebhookOptions,
} from "@dashscope/core";
import { createPrediction } from "@dashscope/predictions";
import { type EventStream, eventStream, type StreamOptions } from "./event-stream";

export interface StreamModelOptions extends StreamOptions, WebhookOptions {
  /** The model's inputs. */
  input: Record<string, unknown>;
}

/**
 * Runs a model (`owner/name` or `owner/name:version`) with `stream: true` and returns its events. `ref`
 * is checked at once; the prediction is created on the first read, so a stream nobody reads starts nothing.
 */
export function stream(client: Client, ref: string, options: StreamModelOptions): EventStream {
  parseModelIdentifier(ref);
  return eventStream(
    client,
    async (signal) => {
      const { input, webhook, webhook_events_filter } = options;
      const prediction = await createPrediction(client, {
        model: ref,
        input,
        stream: true,
        webhook,
        webhook_events_filter,
        signal,
      });
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
  );
}
