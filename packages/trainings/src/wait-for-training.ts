import { type Client, type OnUpdate, pathSegment, type WaitOptions, waitFor } from "@dashscope/core";
import type { Training } from "./training";

/**
 * Resolves with the training once it is `succeeded`, `failed` or `canceled` (a failure resolves too:
 * check `status`). Long-polls where the server holds the answer, and polls every `interval` otherwise;
 * `onUpdate` sees each update and may stop the wait early by returning `true`.
 */
export async function waitForTraining<T extends Training<object>>(
  client: Client,
  training: T,
  options: WaitOptions = {},
  onUpdate?: OnUpdate<T>,
): Promise<T> {
  return waitFor(
    client,
    training,
    `/trainings/${pathSegment(training?.id, "training.id")}`,
    options,
    onUpdate,
  );
}
