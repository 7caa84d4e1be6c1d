import type { Client } from "../client";
import { invalidArgument } from "../errors/invalid-argument-error";
import type { RequestOptions } from "../request";
import { cancelAfterHeader } from "./cancel-after";
import { encodeFileInputs } from "./encode-file-inputs";
import { preferWaitHeader } from "./prefer-wait";
import { checkWebhookOptions, type WebhookOptions } from "./webhook-options";

/** What every create that runs a model takes: a prediction, a deployment's prediction, a training. */
export interface RunRequestOptions extends WebhookOptions {
  /** The model's inputs; `Blob`, `File` and byte values are sent as files (see the client's `fileEncodingStrategy`). */
  input: unknown;
  /** Hold the answer until the run finishes: `true` for up to 60 s, or 1–60 seconds. */
  wait?: boolean | number | undefined;
  /** Ask for a `urls.stream` (server-sent events), on a model that can stream. */
  stream?: boolean | undefined;
  /**
   * A deadline the server keeps, sent as `Cancel-After`: "30s", "5m", "1h30m45s", or a whole number of
   * seconds, at least 5. Counted from the create; past it the server cancels the prediction, or marks it
   * `aborted` if it has not started. It holds even if this process dies; `signal` is this process's own.
   */
  cancelAfter?: string | number | undefined;
  signal?: AbortSignal | undefined;
  /** The per-attempt limit, before the wait is added. Defaults to the client's. */
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  /** Sent as `Idempotency-Key`, so that a retried create starts one run; generated when absent. */
  idempotencyKey?: string | undefined;
}

/**
 * The request of a create that runs a model, once `input`, `wait`, `stream`, `cancelAfter` and the
 * webhook options are checked: a POST of `fields` beside the encoded inputs and the webhook options, with an idempotency key.
 * Predictions, deployment predictions and trainings differ only in their route and `fields`.
 */
export async function createRunRequest(
  client: Client,
  options: RunRequestOptions,
  fields: Record<string, unknown>,
): Promise<RequestOptions> {
  const { input, wait, stream, signal, timeout = client.timeout, webhook, webhook_events_filter } = options;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidArgument("input", "an object", input);
  }
  if (stream !== undefined && typeof stream !== "boolean") {
    throw invalidArgument("stream", "true or false", stream);
  }
  const headers = Object.assign(preferWaitHeader(wait), cancelAfterHeader(options.cancelAfter));
  // How long the server may hold the answer: `wait: true` asks for its longest hold, 60 s.
  let heldSeconds = 0;
  if (wait === true) heldSeconds = 60;
  else if (typeof wait === "number") heldSeconds = wait;
  checkWebhookOptions(options);
  return {
    method: "POST",
    // `fields` spread last: V8 (Node 20) builds a spread copy that gains fields after it on a slow path.
    body: {
      stream,
      input: await encodeFileInputs(client, input, { signal }),
      webhook,
      webhook_events_filter,
      ...fields,
    },
    headers,
    signal,
    maxRetries: options.maxRetries,
    // A held answer may legitimately take the whole wait; the per-attempt limit starts after that.
    timeout: timeout + heldSeconds * 1000,
    idempotencyKey: options.idempotencyKey || true,
  };
}
