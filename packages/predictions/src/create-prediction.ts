import {
  type Client,
  checkWebhookOptions,
  encodeFileInputs,
  InvalidArgumentError,
  type Prediction,
  parseModelIdentifier,
  preferWaitHeader,
  type RequestOptions,
  requestJson,
  type WebhookOptions,
} from "@dashscope/core";
import type { PredictionRequestOptions } from "./prediction-request-options";

interface PredictionRequest<Input> extends WebhookOptions, PredictionRequestOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files (see the client's `fileEncodingStrategy`). */
  input: Input;
  /** Ask for a `urls.stream` (server-sent events) on a model that can stream. */
  stream?: boolean | undefined;
  /** Hold the answer until the prediction finishes: `true` for up to 60 s, or 1–60 seconds. */
  wait?: boolean | number | undefined;
  /** Sent as `Idempotency-Key`, so that a retried create makes one prediction; generated when absent. */
  idempotencyKey?: string | undefined;
}

/** Exactly one of `version` (a 64-hex version id) or `model` (`owner/name` or `owner/name:version`). */
export type CreatePredictionOptions<Input = Record<string, unknown>> = PredictionRequest<Input> &
  ({ version: string; model?: undefined } | { model: string; version?: undefined });

const VERSION_ID = /^[0-9a-f]{64}$/;

/**
 * Checks every option, then encodes file inputs: the route and request of a create, before anything
 * is sent. `run` sends it twice when it must learn the prediction of a create cut short.
 */
export async function predictionRequest(
  client: Client,
  options: CreatePredictionOptions<unknown>,
): Promise<[string, RequestOptions]> {
  const { model, input, wait, signal, timeout = client.timeout } = options;
  let { version } = options;
  let route = "/predictions";
  if ((version === undefined) === (model === undefined)) {
    throw new InvalidArgumentError(
      "version",
      'pass exactly one of "version" (a version id) or "model" ("owner/name" or "owner/name:version")',
    );
  }
  if (model !== undefined) {
    const identifier = parseModelIdentifier(model);
    version = identifier.version;
    if (!version) route = `/models/${identifier.owner}/${identifier.name}/predictions`;
  } else if (!VERSION_ID.test(version as string)) {
    throw new InvalidArgumentError(
      "version",
      `expected 64 hexadecimal characters, got ${JSON.stringify(version)}`,
    );
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError(
      "input",
      `expected an object of the model's inputs, got ${JSON.stringify(input)?.slice(0, 80)}`,
    );
  }
  const headers = preferWaitHeader(wait);
  checkWebhookOptions(options);
  return [
    route,
    {
      method: "POST",
      body: {
        version,
        input: await encodeFileInputs(client, input, { signal }),
        stream: options.stream,
        webhook: options.webhook,
        webhook_events_filter: options.webhook_events_filter,
      },
      headers,
      signal,
      maxRetries: options.maxRetries,
      // A held answer may legitimately take the whole wait; the per-attempt limit starts after that.
      timeout: timeout + (wait === true ? 60 : wait || 0) * 1000,
      idempotencyKey: options.idempotencyKey || true,
    },
  ];
}

/**
 * Starts a prediction: `version` posts to `/predictions`, `model` to `/models/{owner}/{name}/predictions`
 * (or to `/predictions` when it names a version). Every create carries an `Idempotency-Key`, kept
 * across retries, so a retried create never makes a second prediction.
 */
export async function createPrediction<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  options: CreatePredictionOptions<Input>,
): Promise<Prediction<Input, Output>> {
  const [route, requestOptions] = await predictionRequest(client, options);
  return requestJson(client, route, requestOptions);
}
