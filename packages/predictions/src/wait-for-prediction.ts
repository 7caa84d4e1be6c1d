import {
  type Client,
  type OnUpdate,
  type Prediction,
  pathSegment,
  type WaitOptions,
  waitFor,
} from "@dashscope/core";

/**
 * Follows `prediction` until it is `succeeded`, `failed` or `canceled` and answers that final state
 * (a failed prediction is answered, not thrown). Long-polls where the server holds answers, otherwise
 * polls every `interval`. `onUpdate` sees each new state; returning `true` stops the wait there.
 */
export async function waitForPrediction<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  prediction: Prediction<Input, Output>,
  options?: WaitOptions,
  onUpdate?: OnUpdate<Prediction<Input, Output>>,
): Promise<Prediction<Input, Output>> {
  return waitFor(
    client,
    prediction,
    `/predictions/${pathSegment(prediction?.id, "prediction.id")}`,
    options,
    onUpdate,
  );
}
