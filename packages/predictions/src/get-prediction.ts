import type { Prediction } from "@dashscope/core";
import { type Client, pathSegment, requestJson } from "@dashscope/core";
import type { PredictionRequestOptions } from "./prediction-request-options";

/** The prediction `id` in its current state. */
export async function getPrediction<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  id: string,
  options: PredictionRequestOptions = {},
): Promise<Prediction<Input, Output>> {
  return requestJson(client, `/predictions/${pathSegment(id, "id")}`, options);
}
