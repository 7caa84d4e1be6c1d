import {
  type Client,
  checkModelName,
  createRunRequest,
  pathSegment,
  requestJson,
  type WebhookOptions,
} from "@dashscope/core";
import type { Training } from "./training";

export interface CreateTrainingOptions<Input = Record<string, unknown>> extends WebhookOptions {
  /** The model that receives the trained version, as "owner/name". */
  destination: `${string}/${string}`;
  /** The trainer's inputs; `Blob` and byte values are sent as files. */
  input: Input;
  signal?: AbortSignal | undefined;
}

/** Starts training `owner/name` at `version`; the result becomes a new version of `destination`. */
export async function createTraining<Input extends object>(
  client: Client,
  owner: string,
  name: string,
  version: string,
  options: CreateTrainingOptions<Input>,
): Promise<Training<Input>> {
  const route = `/models/${pathSegment(owner, "owner")}/${pathSegment(name, "name")}/versions/${pathSegment(version, "version")}/trainings`;
  const { destination, input, webhook, webhook_events_filter, signal } = options ?? {};
  checkModelName(destination, "destination");
  // Only these go on: a training is never held (`wait`) and keeps the client's limits.
  const runOptions = { input, webhook, webhook_events_filter, signal };
  return requestJson(client, route, await createRunRequest(client, runOptions, { destination }));
}
