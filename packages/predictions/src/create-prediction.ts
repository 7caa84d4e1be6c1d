import {
  type Client,
  createRunRequest,
  InvalidArgumentError,
  type Prediction,
  parseModelIdentifier,
  pathSegment,
  type RequestOptions,
  type RunRequestOptions,
  requestJson,
} from "@dashscope/core";
import type { ModelInput, ModelOutput } from "./model-ref";
import type { PredictionRequestOptions } from "./prediction-request-options";

interface PredictionRequest<Input> extends RunRequestOptions, PredictionRequestOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files (see the client's `fileEncodingStrategy`). */
  input: Input;
  /** Ask for a `urls.stream` (server-sent events) on a model that can stream. */
  stream?: boolean | undefined;
}

/**
 * Exactly one of `version` (a version id) or `model` (`owner/name` or `owner/name:version`, or
 * a `ModelRef`, which types `input` and the output). `model` stays a plain `string`, as replicate's is,
 * so options built apart from the call keep compiling.
 */
export type CreatePredictionOptions<
  Input = Record<string, unknown>,
  Model extends string = string,
> = PredictionRequest<Input> &
  ({ version: string; model?: undefined } | { model: Model; version?: undefined });

/**
 * Checks every option, then encodes file inputs: the route and request of a create, before anything
 * is sent. `run` sends it twice when it must learn the prediction of a create cut short.
 */
export async function predictionRequest(
  client: Client,
  options: CreatePredictionOptions<unknown>,
): Promise<[string, RequestOptions]> {
  // A missing `options` reads as neither `version` nor `model`, which the first check names. `run`
  // always passes a `model` (its `ref`): a missing one is then a bad identifier, checked once, below.
  const model = options?.model;
  let version = options?.version;
  let route = "/predictions";
  if (version === undefined ? !("model" in Object(options)) : model !== undefined) {
    throw new InvalidArgumentError("version", 'pass exactly one of "version" or "model"');
  }
  if (version === undefined) {
    const identifier = parseModelIdentifier(model as string);
    version = identifier.version;
    if (!version) route = `/models/${identifier.owner}/${identifier.name}/predictions`;
  } else {
    // What a version id looks like is the server's business (it answers 404 or 422); only a value that
    // cannot be one (not a string, empty, or holding "/", as an `owner/name` passed by mistake) is refused.
    pathSegment(version, "version");
  }
  return [route, await createRunRequest(client, options, { version })];
}

/**
 * Starts a prediction: `version` posts to `/predictions`, `model` to `/models/{owner}/{name}/predictions`
 * (or to `/predictions` when it names a version). Every create carries an `Idempotency-Key`, kept
 * across retries, so a retried create never makes a second prediction.
 */
export function createPrediction<
  Input = Record<string, unknown>,
  Output = unknown,
  Model extends string = string,
>(
  client: Client,
  options: CreatePredictionOptions<ModelInput<Model, Input>, Model>,
): Promise<Prediction<ModelInput<Model, Input>, ModelOutput<Model, Output>>>;
export async function createPrediction<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  options: CreatePredictionOptions<Input>,
): Promise<Prediction<Input, Output>> {
  const [route, requestOptions] = await predictionRequest(client, options);
  return requestJson(client, route, requestOptions);
}
