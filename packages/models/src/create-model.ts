import { type Client, invalidArgument, requestJson } from "@dashscope/core";
import type { Model, Visibility } from "./model";
import { modelRoute } from "./model-route";

export interface CreateModelOptions {
  /** Anyone may see and run a public model; only its owner a private one. */
  visibility: Visibility;
  /** The SKU of the hardware that runs it (see `listHardware`). */
  hardware: string;
  description?: string | undefined;
  github_url?: string | undefined;
  paper_url?: string | undefined;
  license_url?: string | undefined;
  cover_image_url?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Creates a model owned by `owner`, which must be the token's account. A name taken already is a 409. */
export async function createModel(
  client: Client,
  owner: string,
  name: string,
  options: CreateModelOptions,
): Promise<Model> {
  // The same checks as the route of the model once it exists.
  modelRoute(owner, name);
  const { signal, ...fields } = options ?? ({} as CreateModelOptions);
  if (!["public", "private"].includes(fields.visibility)) {
    throw invalidArgument("visibility", '"public" or "private"', fields.visibility);
  }
  if (typeof fields.hardware !== "string" || !fields.hardware) {
    throw invalidArgument("hardware", 'a hardware SKU such as "cpu"', fields.hardware);
  }
  return requestJson(client, "/models", {
    method: "POST",
    body: { owner, name, ...fields },
    idempotencyKey: true,
    signal,
  });
}
