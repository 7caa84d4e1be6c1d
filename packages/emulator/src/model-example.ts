import { createHash } from "node:crypto";
import { API_PREFIX } from "./defaults";
import type { ModelRecord } from "./state";

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** The id an example gets when it has none: derived from the model and its place, so it is the same every run. */
function exampleId(model: ModelRecord, index: number): string {
  const digest = createHash("sha256").update(`${model.owner}/${model.name}#example-${index}`).digest();
  let id = "";
  for (const byte of digest.subarray(0, 26)) id += BASE32_ALPHABET[byte % BASE32_ALPHABET.length];
  return id;
}

/**
 * A model's examples as the service shows them: whole predictions. What the example gives wins; the
 * rest is what a finished prediction of the model's latest version would say.
 */
export function exampleJson(
  model: ModelRecord,
  example: Record<string, unknown>,
  index: number,
  origin: string,
): Record<string, unknown> {
  const id = typeof example.id === "string" ? example.id : exampleId(model, index);
  const base = `${origin}${API_PREFIX}/predictions/${id}`;
  const createdAt = (model.versions.at(-1)?.createdAt ?? new Date(0)).toISOString();
  return {
    id,
    model: `${model.owner}/${model.name}`,
    version: model.versions.at(-1)?.id ?? model.versions[0]?.id,
    input: {},
    output: null,
    data_removed: false,
    error: null,
    logs: "",
    status: "succeeded",
    source: "web",
    created_at: createdAt,
    started_at: createdAt,
    completed_at: createdAt,
    metrics: { predict_time: 0, total_time: 0 },
    ...example,
    urls: { web: `${origin}/p/${id}`, get: base, cancel: `${base}/cancel` },
  };
}

/** Every example of a model, the default one first. */
export function modelExamples(model: ModelRecord): Record<string, unknown>[] {
  return model.defaultExample ? [model.defaultExample, ...model.examples] : [...model.examples];
}
