import {
  type Client,
  createRunRequest,
  invalidArgument,
  type Prediction,
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
  const { stream } = options ?? {};
  if (stream !== undefined && typeof stream !== "boolean")
    throw invalidArgument("stream", "true or false", stream);
  return requestJson(client, route, await createRunRequest(client, options ?? {}, { stream }));
}
