import {
  type Client,
  checkWebhookOptions,
  encodeFileInputs,
  InvalidArgumentError,
  type Prediction,
  preferWaitHeader,
  requestJson,
  type WebhookOptions,
} from "@dashscope/core";
import { deploymentRoute } from "./deployment";

export interface CreateDeploymentPredictionOptions<Input = Record<string, unknown>> extends WebhookOptions {
  /** The model's inputs; `Blob` and byte values are sent as files. */
  input: Input;
  /** Ask for `urls.stream`, for models that can stream their output. */
  stream?: boolean | undefined;
  /** Hold the answer until the prediction finishes: `true` for up to 60 s, or 1–60 seconds. */
  wait?: boolean | number | undefined;
  signal?: AbortSignal | undefined;
}

/** Runs the deployment's current version. Without `wait` the answer comes at once, `starting`. */
export async function createDeploymentPrediction<Input extends object, Output = unknown>(
  client: Client,
  owner: string,
  name: string,
  options: CreateDeploymentPredictionOptions<Input>,
): Promise<Prediction<Input, Output>> {
  const route = `${deploymentRoute(owner, name)}/predictions`;
  const { input, stream, webhook, webhook_events_filter, wait, signal } = options ?? {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError(
      "input",
      `expected an object of the model's inputs, got ${JSON.stringify(input)}`,
    );
  }
  if (stream !== undefined && typeof stream !== "boolean") {
    throw new InvalidArgumentError("stream", `expected true or false, got ${JSON.stringify(stream)}`);
  }
  checkWebhookOptions({ webhook, webhook_events_filter });
  const prefer = preferWaitHeader(wait);
  const held = wait === true ? 60 : wait || 0;
  return requestJson(client, route, {
    method: "POST",
    body: {
      input: await encodeFileInputs(client, input, { signal }),
      stream,
      webhook,
      webhook_events_filter,
    },
    headers: prefer,
    // A held answer may legitimately take `held` seconds; the per-attempt limit starts after that.
    timeout: client.timeout + held * 1000,
    idempotencyKey: true,
    signal,
  });
}
