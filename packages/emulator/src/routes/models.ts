import { HARDWARE, isHardwareSku } from "../hardware";
import { HttpProblem, type InvalidField } from "../http-problem";
import { idempotentJsonCreate } from "../idempotency";
import { jsonResponse } from "../json-response";
import { modelJson, versionJson } from "../model-json";
import { expectObject } from "../request-body";
import { type Route, type RouteContext, route } from "../router";
import type { ModelRecord } from "../state";
import { findModel, findVersion, NAME_PATTERN } from "./lookup";
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

function listModels(context: RouteContext, query: string | undefined): Response {
  const cursor = requestCursor(context);
  const effectiveQuery = query ?? cursor?.query;
  const models = [...context.emulator.state.models.values()]
    .filter((model) => effectiveQuery === undefined || matchesQuery(model, effectiveQuery))
    .sort((left, right) => left.sequence - right.sequence);
  return pageResponse(
    context,
    models,
    (model) => model.sequence,
    (model) => modelJson(model, context.origin),
    effectiveQuery === undefined ? cursor : { ...cursor, query: effectiveQuery },
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
  route("GET", "/models", (context) => listModels(context, undefined)),
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
  route("GET", "/models/{owner}/{name}/versions", (context) => {
    const model = findModel(context);
    // Newest first; the version's position is its rank, since versions are never deleted.
    const versions = [...model.versions].reverse();
    return pageResponse(
      context,
      versions,
      (version) => -model.versions.indexOf(version),
      (version) => versionJson(version),
    );
  }),
  route("GET", "/models/{owner}/{name}/versions/{version_id}", (context) => {
    const model = findModel(context);
    return jsonResponse(versionJson(findVersion(context, model)));
  }),
];
