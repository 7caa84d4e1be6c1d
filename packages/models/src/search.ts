import { type Client, invalidArgument, requestJson } from "@dashscope/core";
import type { Model } from "./model";

/** A model that matched a `search`, with what the search service says about it. */
export interface SearchModelResult {
  model: Model;
  metadata: {
    /** A longer description of the model, written by the search service. */
    generated_description?: string | null;
    tags?: string[];
    /** How well the model matches the query; higher is better. */
    score?: number | null;
  };
}

/** A collection that matched a `search`; `models` are `owner/name` identifiers. */
export interface SearchCollectionResult {
  name: string;
  slug: string;
  description: string;
  models?: string[] | null;
}

/** A documentation page that matched a `search`: `href` is a path on the website. */
export interface SearchPageResult {
  name: string;
  href: string;
}

/** What `search` answers: the query as the server read it, and what matched it. */
export interface SearchResults {
  query: string;
  models: SearchModelResult[];
  collections: SearchCollectionResult[];
  pages: SearchPageResult[];
}

export interface SearchOptions {
  /** How many models to answer at most: a whole number from 1 to 50 (the server's default is 20). */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Searches public models, collections and documentation pages (`GET /search`, in beta on the service),
 * each model with a generated description, tags and a score. Not `searchModels`, which sends
 * `QUERY /models` and answers a page of models.
 */
export async function search(
  client: Client,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResults> {
  if (typeof query !== "string" || !query.trim()) {
    throw invalidArgument("query", "a non-empty search string", query);
  }
  const { limit, signal } = options ?? {};
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
    throw invalidArgument("limit", "a whole number from 1 to 50", limit);
  }
  return requestJson(client, "/search", { query: { query, limit }, signal });
}
