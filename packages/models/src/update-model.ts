import { type Client, InvalidArgumentError, invalidArgument, requestJson } from "@dashscope/core";
import type { Model } from "./model";
import { modelRoute } from "./model-route";

/** What `updateModel` can change; every field is optional, and only those given are sent. */
export interface UpdateModelFields {
  description?: string | undefined;
  /** The model's README, in Markdown (read back with `getModelReadme`). */
  readme?: string | undefined;
  github_url?: string | undefined;
  paper_url?: string | undefined;
  weights_url?: string | undefined;
  license_url?: string | undefined;
}

const FIELD_NAMES = ["description", "readme", "github_url", "paper_url", "weights_url", "license_url"];

/**
 * Changes some of a model's details (`PATCH /models/{owner}/{name}`) and answers the whole updated model.
 * `fields` must name at least one field, each a string; any other key is refused rather than dropped.
 */
export async function updateModel(
  client: Client,
  owner: string,
  name: string,
  fields: UpdateModelFields,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Model> {
  const route = modelRoute(owner, name);
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw invalidArgument("fields", "an object", fields);
  }
  const given = Object.entries(fields).filter(([, value]) => value !== undefined);
  if (!given.length) {
    throw new InvalidArgumentError("fields", `expected at least one of: ${FIELD_NAMES.join(", ")}`);
  }
  for (const [key, value] of given) {
    if (!FIELD_NAMES.includes(key)) {
      throw new InvalidArgumentError(`fields.${key}`, `expected one of: ${FIELD_NAMES.join(", ")}`);
    }
    if (typeof value !== "string") throw invalidArgument(`fields.${key}`, "a string", value);
  }
  return requestJson(client, route, {
    method: "PATCH",
    body: Object.fromEntries(given),
    signal: options?.signal,
  });
}
