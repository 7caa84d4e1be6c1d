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

/** One page of public models. */
export async function listModels(client: Client, options: ListOptions = {}): Promise<Page<Model>> {
  return listPage(client, "/models", options);
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
