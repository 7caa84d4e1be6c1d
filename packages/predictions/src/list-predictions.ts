import type { Prediction } from "@dashscope/core";
import { type Client, invalidArgument, listPage, type Page } from "@dashscope/core";
import { dateTimeParameter } from "./date-time-parameter";
import type { PredictionRequestOptions } from "./prediction-request-options";

export interface ListPredictionsOptions extends PredictionRequestOptions {
  /** The page to fetch: the opaque `cursor`, or a whole `next`/`previous` URL of an earlier page. */
  cursor?: string | undefined;
  /** Only predictions created at or after this time: a `Date` or an RFC 3339 string. */
  created_after?: Date | string | undefined;
  /** Only predictions created before this time: a `Date` or an RFC 3339 string. */
  created_before?: Date | string | undefined;
  /**
   * Only predictions made on the website (the last 14 days of them). The service filters by `"web"`
   * alone; leave `source` out for predictions from both the API and the website.
   */
  source?: "web" | undefined;
}

/**
 * One page of your predictions, newest first, filtered by `created_after`, `created_before` and `source`
 * when given. Pass it to core's `paginate` to walk every page: each `next` URL keeps the filters.
 */
export async function listPredictions<Input = Record<string, unknown>, Output = unknown>(
  client: Client,
  options: ListPredictionsOptions = {},
): Promise<Page<Prediction<Input, Output>>> {
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  const { source } = options;
  if (source !== undefined && source !== "web") {
    throw invalidArgument(
      "source",
      '"web" (leave it out for predictions from both the API and the website)',
      source,
    );
  }
  // listPage refuses any other option name: a misspelt filter (`createdAfter`) is never dropped.
  return listPage(client, "/predictions", options, {
    created_after: dateTimeParameter(options.created_after, "created_after"),
    created_before: dateTimeParameter(options.created_before, "created_before"),
    source,
  });
}
