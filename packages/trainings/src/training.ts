import type { Prediction } from "@dashscope/core";
import {
  type Client,
  type ListOptions,
  listPage,
  type Page,
  pathSegment,
  requestJson,
} from "@dashscope/core";

/** What a succeeded training hands back: the new version of its destination model. */
export interface TrainingOutput {
  version?: string;
  weights?: string;
}

/**
 * A training is a prediction that makes a model version. Its shape is replicate's `Training`, so that
 * a training passes both ways between code typed for either client: `output` is set once it has
 * `succeeded` (the service sends `null` before, which the type leaves out as replicate's does), and the
 * service does not say whether its data was removed.
 */
export interface Training<Input = object>
  extends Omit<Prediction<Input, TrainingOutput>, "output" | "data_removed" | "urls"> {
  output?: TrainingOutput;
  data_removed?: boolean;
  urls: { get: string; cancel: string; web?: string };
}

export async function getTraining(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Training> {
  return requestJson(client, `/trainings/${pathSegment(id, "id")}`, { signal: options.signal });
}

/** Stops a training; one that has already finished is answered as it is. */
export async function cancelTraining(
  client: Client,
  id: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Training> {
  return requestJson(client, `/trainings/${pathSegment(id, "id")}/cancel`, {
    method: "POST",
    idempotent: true,
    signal: options.signal,
  });
}

/** One page of the account's trainings, newest first. */
export async function listTrainings(client: Client, options: ListOptions = {}): Promise<Page<Training>> {
  return listPage(client, "/trainings", options);
}
