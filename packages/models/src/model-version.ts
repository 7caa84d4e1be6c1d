import {
  type Client,
  type ListOptions,
  listPage,
  type Page,
  pathSegment,
  requestJson,
} from "@dashscope/core";
import { modelRoute } from "./model-route";

/** One published version of a model. */
export interface ModelVersion {
  /** 64 lowercase hexadecimal characters. */
  id: string;
  created_at: string;
  cog_version: string;
  /** An OpenAPI document whose `components.schemas` describe the version's `Input` and `Output`. */
  openapi_schema: Record<string, unknown>;
}

/** One page of a model's versions, newest first. */
export async function listModelVersions(
  client: Client,
  owner: string,
  name: string,
  options: ListOptions = {},
): Promise<Page<ModelVersion>> {
  return listPage(client, `${modelRoute(owner, name)}/versions`, options);
}

export async function getModelVersion(
  client: Client,
  owner: string,
  name: string,
  versionId: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<ModelVersion> {
  return requestJson(client, `${modelRoute(owner, name)}/versions/${pathSegment(versionId, "versionId")}`, {
    signal: options.signal,
  });
}
