import {
  type Client,
  checkRunAnswer,
  createIdempotencyKey,
  type FetchFunction,
  isInvalidResponseError,
  isTerminal,
  type Prediction,
  type RequestOptions,
  requestJson,
  throwIfAborted,
} from "@dashscope/core";
import { cancelPrediction } from "./cancel-prediction";

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
  const cleanupSignal = AbortSignal.timeout(client.cleanupTimeout);
  try {
    prediction ??= await relearn?.(cleanupSignal);
    if (prediction && !isTerminal(prediction.status)) {
      prediction = (await cancelPrediction(client, prediction.id, { signal: cleanupSignal })) as P;
      onUpdate?.(prediction);
    }
  } catch {}
  throwIfAborted(signal);
  // A create that made nothing (refused, or never sent) leaves nothing to report.
  if ((!prediction && !relearn) || !(error instanceof Error)) throw error;
  // Whether the prediction still runs (and costs) is what the caller must know next.
  let fate = "its prediction, if any, may still be running";
  if (prediction) {
    const status = prediction.status as string;
    if (status === "canceled") fate = `prediction ${prediction.id} was canceled`;
    else if (isTerminal(status)) fate = `prediction ${prediction.id} has ${status}`;
    else fate = `prediction ${prediction.id} was not canceled (it may still be running)`;
  }
  const message = `${error.message}; ${fate}`;
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
  // Object.assign: V8 (Node 20) builds a spread copy that gains a field (`{ ...options, key }`) on a slow path.
  if (typeof options.idempotencyKey !== "string")
    options = Object.assign({}, options, { idempotencyKey: createIdempotencyKey() });
  // Attempts that may have made a prediction: sent without an answer, or answered 2xx (whose body may
  // yet be lost). An error answer made nothing.
  let unanswered = 0;
  const fetch: FetchFunction = async (input, init) => {
    unanswered++;
    // Called without `this`, as `request` does: a browser's fetch refuses to be called as another
    // object's method (`client.fetch(…)` throws "Illegal invocation").
    const clientFetch = client.fetch;
    const response = await clientFetch(input, init);
    if (!response.ok) unanswered--;
    return response;
  };
  // The client, with a `fetch` that counts: created bare, then given it, which costs a fraction of
  // Object.create with a property descriptor.
  const counting: Client = Object.create(client);
  counting.fetch = fetch;
  const request = `POST ${route}`;
  // An answer that came whole but is no prediction is the server's fault; repeating the create would not help.
  return checkRunAnswer(
    client,
    await requestJson(counting, route, options).catch((error) =>
      abandonPrediction<P>(
        client,
        error,
        options.signal,
        undefined,
        // An answer that came but could not be read (too large) would come again for the repeat.
        unanswered && !isInvalidResponseError(error)
          ? async (signal) =>
              checkRunAnswer(
                client,
                await requestJson(client, route, { ...options, headers: {}, signal }),
                request,
              )
          : undefined,
        onUpdate,
      ),
    ),
    request,
  );
}
