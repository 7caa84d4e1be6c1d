import {
  type Client,
  type ListOptions,
  listPage,
  type Page,
  pathSegment,
  requestJson,
} from "@dashscope/core";
import type { Model } from "./model";

/** A curated set of models. Lists leave out `models`; `getCollection` fills it in. */
export interface Collection {
  name: string;
  slug: string;
  description: string | null;
  /** The longer description, where the collection has one (Markdown). */
  full_description?: string | null;
  models?: Model[];
}

export async function listCollections(client: Client, options: ListOptions = {}): Promise<Page<Collection>> {
  return listPage(client, "/collections", options);
}

export async function getCollection(
  client: Client,
  slug: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Collection & { models: Model[] }> {
  return requestJson(client, `/collections/${pathSegment(slug, "slug")}`, { signal: options.signal });
}
