import type { Prediction } from "@dashscope/core";
import {
  type Client,
  invalidArgument,
  type ListOptions,
  listPage,
  type Page,
  requestJson,
} from "@dashscope/core";
import { modelRoute } from "./model-route";
import type { ModelVersion } from "./model-version";

/** Who can see and run a model. */
export type Visibility = "public" | "private";

export interface Model {
  url: string;
  owner: string;
  name: string;
  description: string | null;
  visibility: Visibility;
  github_url: string | null;
  paper_url: string | null;
  license_url: string | null;
  run_count: number;
  cover_image_url: string | null;
  default_example: Prediction | null;
  latest_version: ModelVersion | null;
  /** Whether the model is one of the platform's official models. */
  is_official?: boolean;
}

/** A public model, or a private one the token's account may see. */
export async function getModel(
  client: Client,
  owner: string,
  name: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Model> {
  return requestJson(client, modelRoute(owner, name), { signal: options.signal });
}

export interface ListModelsOptions extends ListOptions {
  /** What the page is sorted by: `"latest_version_created_at"` (the server's default) or `"model_created_at"`. */
  sort_by?: "model_created_at" | "latest_version_created_at" | undefined;
  /** `"desc"` (the server's default: newest first) or `"asc"`. */
  sort_direction?: "asc" | "desc" | undefined;
}

const SORT_BY = ["model_created_at", "latest_version_created_at"];
const SORT_DIRECTION = ["asc", "desc"];

/** One page of public models, sorted by `sort_by` and `sort_direction` when given. */
export async function listModels(client: Client, options: ListModelsOptions = {}): Promise<Page<Model>> {
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  const { sort_by, sort_direction } = options;
  if (sort_by !== undefined && !SORT_BY.includes(sort_by)) {
    throw invalidArgument("sort_by", '"model_created_at" or "latest_version_created_at"', sort_by);
  }
  if (sort_direction !== undefined && !SORT_DIRECTION.includes(sort_direction)) {
    throw invalidArgument("sort_direction", '"asc" or "desc"', sort_direction);
  }
  // listPage refuses any other option name: a misspelt sort (`sortBy`) is never dropped.
  return listPage(client, "/models", options, { sort_by, sort_direction });
}

/** The first page of models matching `query`; its `next` URL keeps the search. */
export async function searchModels(
  client: Client,
  query: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Page<Model>> {
  if (typeof query !== "string" || !query.trim()) {
    throw invalidArgument("query", "a non-empty search string", query);
  }
  return requestJson(client, "/models", {
    method: "QUERY",
    body: query,
    headers: { "Content-Type": "text/plain" },
    signal: options.signal,
  });
}
