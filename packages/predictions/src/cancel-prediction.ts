import type { Prediction } from "@dashscope/core";
import { type Client, pathSegment, requestJson } from "@dashscope/core";
import type { PredictionRequestOptions } from "./prediction-request-options";

/** Stops the prediction `id`; answers it as it now is (`canceled`, or its end state if it had already finished). */
export async function cancelPrediction<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  id: string,
  options: PredictionRequestOptions = {},
): Promise<Prediction<Input, Output>> {
  return requestJson(client, `/predictions/${pathSegment(id, "id")}/cancel`, {
    ...options,
    method: "POST",
    // Canceling twice is harmless, so a cancel is retried like a GET.
    idempotent: true,
  });
}
