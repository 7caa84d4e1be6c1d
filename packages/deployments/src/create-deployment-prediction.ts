import {
  type Client,
  createRunRequest,
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
  /** A deadline the server keeps (`Cancel-After`): "30s", "5m", "1h30m45s", or whole seconds, at least 5. */
  cancelAfter?: string | number | undefined;
  signal?: AbortSignal | undefined;
}

// A `ModelRef` (from @dashscope/predictions) carries its model's types under this key; read by shape,
// so this package needs no import of that one.
type RefInput<Model> = [Model] extends [{ readonly "~model": { readonly input: infer Input extends object } }]
  ? Input
  : Model;
type RefOutput<Model, Output> = [Model] extends [{ readonly "~model": { readonly output: infer Typed } }]
  ? Typed
  : Output;

/**
 * Runs the deployment's current version. Without `wait` the answer comes at once, `starting`.
 * `Model` is the input type, or the type of a `ModelRef` for the deployment's model
 * (`create<typeof helloWorld>(…)`), which types both the input and the output.
 */
export function createDeploymentPrediction<Model extends object = Record<string, unknown>, Output = unknown>(
  client: Client,
  owner: string,
  name: string,
  options: CreateDeploymentPredictionOptions<RefInput<Model>>,
): Promise<Prediction<RefInput<Model>, RefOutput<Model, Output>>>;
export async function createDeploymentPrediction<Input extends object, Output = unknown>(
  client: Client,
  owner: string,
  name: string,
  options: CreateDeploymentPredictionOptions<Input>,
): Promise<Prediction<Input, Output>> {
  const route = `${deploymentRoute(owner, name)}/predictions`;
  // `createRunRequest` checks and sends `stream` with the other options.
  return requestJson(client, route, await createRunRequest(client, options ?? {}, {}));
}
