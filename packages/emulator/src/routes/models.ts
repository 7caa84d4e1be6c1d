import { HARDWARE, isHardwareSku } from "../hardware";
import { HttpProblem, type InvalidField } from "../http-problem";
import { idempotentJsonCreate } from "../idempotency";
import { jsonResponse } from "../json-response";
import { exampleJson, modelExamples } from "../model-example";
import { modelJson, versionJson } from "../model-json";
import { NAME_PATTERN } from "../names";
import { expectObject } from "../request-body";
import { type Route, type RouteContext, route } from "../router";
import type { ModelRecord } from "../state";
import { isUri } from "../uri";
import { findModel, findVersion } from "./lookup";
import { deleteModel, deleteVersion, updateModel } from "./model-changes";
import { MODEL_LIST_PARAMETERS, modelListRank } from "./model-list-sort";
import { pageResponse, requestCursor } from "./page-response";

const OPTIONAL_TEXT_FIELDS = [
  "description",
  "github_url",
  "paper_url",
  "license_url",
  "cover_image_url",
] as const;

/** Every word of the query must appear in the model's full name or description (case-insensitive). */
function matchesQuery(model: ModelRecord, query: string): boolean {
  const haystack = `${model.owner}/${model.name} ${model.description ?? ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

function listModels(
  context: RouteContext,
  query: string | undefined,
  rankOf: (model: ModelRecord) => number = (model) => model.sequence,
  keptParameters: readonly string[] = [],
): Response {
  const cursor = requestCursor(context);
  const effectiveQuery = query ?? cursor?.query;
  const models = [...context.emulator.state.models.values()]
    .filter((model) => effectiveQuery === undefined || matchesQuery(model, effectiveQuery))
    .sort((left, right) => rankOf(left) - rankOf(right));
  return pageResponse(
    context,
    models,
    rankOf,
    (model) => modelJson(model, context.origin),
    effectiveQuery === undefined ? cursor : { ...cursor, query: effectiveQuery },
    keptParameters,
  );
}

async function createModel(context: RouteContext): Promise<Response> {
  const { emulator } = context;
  const body = expectObject(await context.json());
  const create = idempotentJsonCreate(emulator.idempotency, context.request, context.path, body);
  if (create.replay) return create.replay(context.request);

  const invalidFields: InvalidField[] = [];
  for (const field of ["owner", "name"] as const) {
    if (typeof body[field] !== "string" || !NAME_PATTERN.test(body[field] as string)) {
      invalidFields.push({ field, message: "expected letters, digits, '.', '_' or '-'" });
    }
  }
  if (body.visibility !== "public" && body.visibility !== "private") {
    invalidFields.push({ field: "visibility", message: 'expected "public" or "private"' });
  }
  if (!isHardwareSku(body.hardware)) {
    invalidFields.push({
      field: "hardware",
      message: `expected one of ${HARDWARE.map((hardware) => hardware.sku).join(", ")}`,
    });
  }
  for (const field of OPTIONAL_TEXT_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== "string") {
      invalidFields.push({ field, message: "expected a string" });
    } else if (typeof value === "string" && field.endsWith("_url") && !isUri(value)) {
      invalidFields.push({ field, message: "expected an absolute URL" });
    }
  }
  if (invalidFields.length > 0) throw HttpProblem.invalid(invalidFields);

  const owner = body.owner as string;
  const name = body.name as string;
  if (emulator.state.models.has(`${owner}/${name}`)) {
    throw new HttpProblem(409, `A model called ${owner}/${name} already exists.`);
  }
  const text = (field: (typeof OPTIONAL_TEXT_FIELDS)[number]) =>
    typeof body[field] === "string" ? (body[field] as string) : null;
  const model = emulator.state.addModel({
    owner,
    name,
    visibility: body.visibility as "public" | "private",
    hardware: body.hardware as string,
    description: text("description"),
    githubUrl: text("github_url"),
    paperUrl: text("paper_url"),
    licenseUrl: text("license_url"),
    coverImageUrl: text("cover_image_url"),
  });
  const respond = async (request: Request) =>
    jsonResponse(modelJson(model, new URL(request.url).origin), 201);
  create.remember(respond);
  return respond(context.request);
}

export const modelRoutes: Route[] = [
  route("GET", "/models", (context) =>
    // A `next` of a search (its query in the cursor) keeps the search's order; a list takes the sort.
    requestCursor(context)?.query !== undefined
      ? listModels(context, undefined)
      : listModels(context, undefined, modelListRank(context), MODEL_LIST_PARAMETERS),
  ),
  route("QUERY", "/models", async (context) => {
    let query = new TextDecoder().decode(await context.body()).trim();
    // replicate's `models.search` sends its text/plain query JSON-encoded ("\"text\""); the service takes both.
    if (query.startsWith('"')) {
      try {
        const decoded: unknown = JSON.parse(query);
        if (typeof decoded === "string") query = decoded.trim();
      } catch {
        // Not JSON after all: searched for as written.
      }
    }
    // An empty body (say, a client following `next` with QUERY) keeps the cursor's own query.
    return listModels(context, query === "" ? undefined : query);
  }),
  route("POST", "/models", createModel),
  route("GET", "/models/{owner}/{name}", (context) =>
    jsonResponse(modelJson(findModel(context), context.origin)),
  ),
  route("PATCH", "/models/{owner}/{name}", updateModel),
  route("DELETE", "/models/{owner}/{name}", deleteModel),
  route("GET", "/models/{owner}/{name}/examples", (context) => {
    const model = findModel(context);
    const examples = modelExamples(model).map((example, index) => ({ example, index }));
    return pageResponse(
      context,
      examples,
      ({ index }) => index,
      ({ example, index }) => exampleJson(model, example, index, context.origin),
    );
  }),
  route("GET", "/models/{owner}/{name}/readme", (context) => {
    const model = findModel(context);
    if (model.readme === null)
      throw new HttpProblem(404, `Model ${model.owner}/${model.name} has no README.`);
    return new Response(model.readme, { headers: { "content-type": "text/plain; charset=utf-8" } });
  }),
  route("GET", "/models/{owner}/{name}/versions", (context) => {
    const model = findModel(context);
    // Newest first; ranked by creation, which holds while versions are deleted.
    const versions = [...model.versions].reverse();
    return pageResponse(
      context,
      versions,
      (version) => -version.sequence,
      (version) => versionJson(version),
    );
  }),
  route("DELETE", "/models/{owner}/{name}/versions/{version_id}", deleteVersion),
  route("GET", "/models/{owner}/{name}/versions/{version_id}", (context) => {
    const model = findModel(context);
    return jsonResponse(versionJson(findVersion(context, model)));
  }),
];
