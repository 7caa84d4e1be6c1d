import { type Client, InvalidArgumentError } from "@dashscope/core";
import type { Prediction } from "@dashscope/core/run";
import { type EventStream, eventStream, type StreamOptions } from "./event-stream";

/**
 * The events of a prediction created with `stream: true` (or of its `urls.stream`), as an async
 * iterable `ReadableStream`. `error` rejects with a `StreamError`; `done` is the last event.
 */
export function streamPrediction(
  client: Client,
  predictionOrStreamUrl: Pick<Prediction, "urls"> | string,
  options: StreamOptions = {},
): EventStream {
  const url =
    typeof predictionOrStreamUrl === "string" ? predictionOrStreamUrl : predictionOrStreamUrl?.urls?.stream;
  if (!url) {
    throw new InvalidArgumentError(
      "prediction",
      "expected a prediction created with stream: true (it has urls.stream) or its stream URL",
    );
  }
  return eventStream(client, () => url, options);
}
