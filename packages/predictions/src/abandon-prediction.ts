import {
  AbortError,
  type Client,
  createIdempotencyKey,
  type FetchFunction,
  InvalidResponseError,
  type RequestOptions,
  redact,
  requestJson,
} from "@dashscope/core";
import { isKnownStatus, isTerminal, type Prediction } from "@dashscope/core/run";
import { cancelPrediction } from "./cancel-prediction";

/** The create's answer, once it is known to be a prediction: anything else is the server's fault. */
function createdPrediction<T>(client: Client, route: string, answer: T): T {
  const { id, status } = (answer ?? {}) as Partial<Prediction>;
  if (typeof id !== "string" || !isKnownStatus(status)) {
    // The status is the server's text: an echo of the request may hold the token.
    throw new InvalidResponseError(
      `POST ${route} answered ${typeof id === "string" ? `with an unknown status ${redact(JSON.stringify(status), client.auth)}` : "without a prediction id"}`,
    );
  }
  return answer;
}

/**
 * Gives up on what a create started, then throws: cancels `prediction` (learned first through `relearn`
 * when the create's answer was lost), with one deadline of the client's `cleanupTimeout` for all of it,
 * so that an abort answers promptly. An abort is thrown as an `AbortError`; any other error says whether
 * the prediction still runs and carries it as `error.prediction`.
 */
export async function abandonPrediction<P extends Prediction<Record<string, unknown>, unknown>>(
  client: Client,
  error: unknown,
  signal: AbortSignal | undefined,
  prediction: P | undefined,
  relearn?: (cleanupSignal: AbortSignal) => Promise<P>,
  onUpdate?: (prediction: P) => void,
): Promise<never> {
  const cleanupSignal = AbortSignal.timeout(client.cleanupTimeout ?? 10_000);
  try {
    prediction ??= await relearn?.(cleanupSignal);
    if (prediction && !isTerminal(prediction.status)) {
      const canceled = (await cancelPrediction(client, prediction.id, { signal: cleanupSignal })) as P;
      prediction = canceled;
      onUpdate?.(canceled);
    }
  } catch {}
  if (signal?.aborted) throw new AbortError(signal.reason);
  // A create that made nothing (refused, or never sent) leaves nothing to report.
  if ((!prediction && !relearn) || !(error instanceof Error)) throw error;
  // Whether the prediction still runs (and costs) is what the caller must know next.
  const status = prediction?.status ?? "";
  const message = `${error.message}; ${
    prediction
      ? `prediction ${prediction.id} ${status === "canceled" ? "was canceled" : isTerminal(status) ? `has ${status}` : "was not canceled (it may still be running)"}`
      : "its prediction, if any, may still be running"
  }`;
  error.stack = error.stack?.replace(error.message, message);
  throw Object.assign(error, { message, prediction });
}

/**
 * Sends a create that `predictionRequest` prepared and answers its prediction. Should it fail or be
 * aborted, the prediction it made is canceled first, but only when an attempt may have reached the
 * server without its answer arriving: then the create is repeated (same key, no `Prefer`, so it answers
 * at once) to learn it. A create refused, never sent, or aborted in a backoff after a 429 made nothing,
 * and nothing more is sent.
 */
export async function sendCreate<P extends Prediction<Record<string, unknown>, unknown>>(
  client: Client,
  route: string,
  options: RequestOptions,
  onUpdate?: (prediction: P) => void,
): Promise<P> {
  // The repeat must carry the first create's key to be answered with its prediction.
  if (typeof options.idempotencyKey !== "string")
    options = { ...options, idempotencyKey: createIdempotencyKey() };
  let unanswered = false;
  const fetch: FetchFunction = async (input, init) => {
    const before = unanswered;
    unanswered = true;
    // Called detached, as `request` does: a browser's fetch refuses to be called as another object's method.
    const fetchFunction = client.fetch ?? globalThis.fetch;
    const response = await fetchFunction(input, init);
    // An error answer made nothing; a 2xx made a prediction whose body may yet be lost.
    if (!response.ok) unanswered = before;
    return response;
  };
  let answer: P;
  try {
    answer = await requestJson<P>(Object.create(client, { fetch: { value: fetch } }), route, options);
  } catch (error) {
    return abandonPrediction<P>(
      client,
      error,
      options.signal,
      undefined,
      unanswered
        ? async (signal) =>
            createdPrediction(
              client,
              route,
              await requestJson<P>(client, route, { ...options, headers: {}, signal }),
            )
        : undefined,
      onUpdate,
    );
  }
  // An answer that came whole but is no prediction is the server's fault; repeating the create would not help.
  return createdPrediction(client, route, answer);
}
