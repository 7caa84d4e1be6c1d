import { type Client, InvalidArgumentError, type Page, type Prediction, requestJson } from "@dashscope/core";
import type { PredictionRequestOptions } from "./prediction-request-options";

export interface ListPredictionsOptions extends PredictionRequestOptions {
  /** The page to fetch: the opaque `cursor`, or a whole `next`/`previous` URL of an earlier page. */
  cursor?: string | undefined;
}

/** One page of your predictions, newest first. Pass it to core's `paginate` to walk every page. */
export async function listPredictions<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  options: ListPredictionsOptions = {},
): Promise<Page<Prediction<Input, Output>>> {
  let { cursor } = options;
  // The cursor is read out of a page URL instead of following it, so the request stays on this route and origin.
  if (typeof cursor === "string" && /^https?:/i.test(cursor))
    cursor = new URL(cursor).searchParams.get("cursor") ?? "";
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === "")) {
    throw new InvalidArgumentError(
      "cursor",
      `expected a page cursor or a page URL with a cursor, got ${JSON.stringify(options.cursor)}`,
    );
  }
  return requestJson(client, "/predictions", { ...options, query: { cursor } });
}
