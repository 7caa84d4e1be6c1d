import { API_PREFIX } from "./defaults";
import { exampleJson } from "./model-example";
import type { ModelRecord, ModelVersionRecord } from "./state";

/** The Cog version the emulated versions claim to be built with. */
const COG_VERSION = "0.9.0";

/** A version's OpenAPI document: `components.schemas.Input`/`Output` (and the training pair if trainable). */
export function openapiSchema(version: ModelVersionRecord): Record<string, unknown> {
  const { behaviour } = version;
  const schemas: Record<string, unknown> = {
    ...behaviour.schemas,
    Input: behaviour.input,
    Output: behaviour.output,
  };
  if (behaviour.training) {
    schemas.TrainingInput = behaviour.training.input;
    schemas.TrainingOutput = behaviour.training.output;
  }
  return {
    openapi: "3.0.2",
    info: { title: "Cog", version: "0.1.0" },
    paths: {},
    components: { schemas },
  };
}

export function versionJson(version: ModelVersionRecord): Record<string, unknown> {
  return {
    id: version.id,
    created_at: version.createdAt.toISOString(),
    cog_version: COG_VERSION,
    openapi_schema: openapiSchema(version),
  };
}

export function modelJson(model: ModelRecord, origin: string): Record<string, unknown> {
  const latest = model.versions.at(-1);
  return {
    url: `${origin}${API_PREFIX}/models/${model.owner}/${model.name}`,
    owner: model.owner,
    name: model.name,
    description: model.description,
    visibility: model.visibility,
    github_url: model.githubUrl,
    paper_url: model.paperUrl,
    license_url: model.licenseUrl,
    run_count: model.runCount,
    cover_image_url: model.coverImageUrl,
    // Null when the model has none, as the service sends it.
    default_example: model.defaultExample ? exampleJson(model, model.defaultExample, 0, origin) : null,
    latest_version: latest ? versionJson(latest) : null,
  };
}
