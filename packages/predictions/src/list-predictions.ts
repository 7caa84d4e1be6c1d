import type { Prediction } from "@dashscope/core";
import { type Client, listPage, type Page } from "@dashscope/core";
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
  return listPage(client, "/predictions", options);
}
