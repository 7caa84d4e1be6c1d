import type { Prediction } from "@dashscope/core/run";
import { rejectionOf as sharedRejectionOf } from "test-helpers";

export { startEmulator, type TestEmulator } from "test-helpers";

/** Resolves once `condition` holds, checking every 10 ms; for triggers such as "the create has arrived". */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

export type AnyPrediction = Prediction<Record<string, unknown>, unknown>;

/** The error `promise` rejects with (typed, by default, as the errors of `run` that carry a prediction). */
export const rejectionOf: <T = Error & { prediction: AnyPrediction }>(
  promise: Promise<unknown>,
) => Promise<T> = sharedRejectionOf;
