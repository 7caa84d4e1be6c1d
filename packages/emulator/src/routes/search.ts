import { HttpProblem } from "../http-problem";
import { jsonResponse } from "../json-response";
import { modelJson } from "../model-json";
import { BUILT_IN_COLLECTION } from "../models/catalogue";
import { type Route, type RouteContext, route } from "../router";
import type { ModelRecord } from "../state";

const DEFAULT_LIMIT = 20;
const MAXIMUM_LIMIT = 50;

/** The emulator's own "docs": pages a search can find, as the service finds its documentation. */
const PAGES = [
  { name: "Run a model with the emulator", href: "/docs/run-a-model", words: "run model prediction create" },
  { name: "Stream output", href: "/docs/streaming", words: "stream streaming server-sent events output" },
  { name: "Webhooks", href: "/docs/webhooks", words: "webhook webhooks events signature" },
  { name: "Upload files", href: "/docs/files", words: "file files upload download input" },
  { name: "Train a model", href: "/docs/trainings", words: "train training fine-tune weights" },
  { name: "Deployments", href: "/docs/deployments", words: "deployment deployments release hardware" },
] as const;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How well `text` answers the query: the share of query words it contains, 0 when none. */
function overlap(queryWords: string[], text: string): number {
  const words = new Set(wordsOf(text));
  return queryWords.filter((word) => words.has(word)).length / queryWords.length;
}

function inputNames(model: ModelRecord): string[] {
  const input = model.versions.at(-1)?.behaviour.input;
  return Object.keys((input?.properties ?? {}) as Record<string, unknown>);
}

/** Tags from what the emulator knows of a model: its hardware, whether it streams, trains, takes files. */
function tagsOf(model: ModelRecord): string[] {
  const behaviour = model.versions.at(-1)?.behaviour;
  const tags = [model.hardware.startsWith("gpu") ? "gpu" : "cpu"];
  if (behaviour?.canStream) tags.push("streaming");
  if (behaviour?.training) tags.push("trainable");
  if (JSON.stringify(behaviour?.input ?? {}).includes('"format":"uri"')) tags.push("file-input");
  return tags;
}

/** The service writes a longer description with a language model; the emulator writes one from what it knows. */
function generatedDescription(model: ModelRecord): string {
  const inputs = inputNames(model);
  const takes = inputs.length > 0 ? ` It takes ${inputs.map((name) => `\`${name}\``).join(", ")}.` : "";
  const runs = model.runCount === 1 ? "once" : `${model.runCount} times`;
  return `${model.description ?? `${model.owner}/${model.name}`}.${takes} Run ${runs} on this emulator.`;
}

function readLimit(context: RouteContext): number {
  const value = context.url.searchParams.get("limit");
  if (value === null) return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAXIMUM_LIMIT)) {
    throw new HttpProblem(
      400,
      `limit must be a whole number from 1 to ${MAXIMUM_LIMIT} (got ${JSON.stringify(value)}).`,
    );
  }
  return limit;
}

/**
 * `GET /search?query=&limit=`: public models (each with generated metadata and a relevance score),
 * collections and pages whose words match the query, best first. `limit` caps the models only.
 */
function search(context: RouteContext): Response {
  const query = context.url.searchParams.get("query");
  if (query === null || query.trim() === "")
    throw new HttpProblem(400, 'Query parameter "query" is required');
  const limit = readLimit(context);
  const queryWords = wordsOf(query);
  const { state } = context.emulator;
  const models = [...state.models.values()]
    .filter((model) => model.visibility === "public")
    .map((model) => {
      // A match in the name counts double a match in the description or input names.
      const score =
        2 * overlap(queryWords, `${model.owner} ${model.name}`) +
        overlap(
          queryWords,
          `${model.description ?? ""} ${inputNames(model).join(" ")} ${tagsOf(model).join(" ")}`,
        );
      return { model, score };
    })
    .filter(({ score }) => score > 0)
    .sort((left, right) => right.score - left.score || left.model.sequence - right.model.sequence)
    .slice(0, limit);
  const collection = BUILT_IN_COLLECTION;
  const collectionMatches =
    overlap(queryWords, `${collection.name} ${collection.slug} ${collection.description}`) > 0;
  const builtIns = [...state.models.values()].filter((model) => model.builtIn);
  return jsonResponse({
    query,
    models: models.map(({ model, score }) => ({
      model: modelJson(model, context.origin),
      metadata: { generated_description: generatedDescription(model), tags: tagsOf(model), score },
    })),
    collections: collectionMatches
      ? [{ ...collection, models: builtIns.map((model) => `${model.owner}/${model.name}`) }]
      : [],
    pages: PAGES.filter((page) => overlap(queryWords, `${page.name} ${page.words}`) > 0).map(
      ({ name, href }) => ({ name, href }),
    ),
  });
}

export const searchRoutes: Route[] = [route("GET", "/search", search)];
