import {
  type Client,
  checkWebhookOptions,
  encodeFileInputs,
  InvalidArgumentError,
  pathSegment,
  requestJson,
  type WebhookOptions,
} from "@dashscope/core";
import type { Training } from "./training";

export interface CreateTrainingOptions<Input = Record<string, unknown>> extends WebhookOptions {
  /** The model that receives the trained version, as "owner/name". */
  destination: string;
  /** The trainer's inputs; `Blob` and byte values are sent as files. */
  input: Input;
  signal?: AbortSignal | undefined;
}

// The same owner and name rules as a model identifier in core.
const MODEL_NAME = /^\w[\w.-]*\/\w[\w.-]*$/;

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
  if (typeof destination !== "string" || !MODEL_NAME.test(destination) || destination.includes("..")) {
    throw new InvalidArgumentError(
      "destination",
      `expected the model to receive the new version as "owner/name", got ${JSON.stringify(destination)}`,
    );
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError(
      "input",
      `expected an object of the trainer's inputs, got ${JSON.stringify(input)}`,
    );
  }
  checkWebhookOptions({ webhook, webhook_events_filter });
  return requestJson(client, route, {
    method: "POST",
    body: {
      destination,
      input: await encodeFileInputs(client, input, { signal }),
      webhook,
      webhook_events_filter,
    },
    idempotencyKey: true,
    signal,
  });
}
