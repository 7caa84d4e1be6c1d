import { HttpProblem, type InvalidField } from "../http-problem";
import { jsonResponse } from "../json-response";
import { modelJson } from "../model-json";
import { expectObject } from "../request-body";
import type { RouteContext } from "../router";
import type { ModelRecord } from "../state";
import { isUri } from "../uri";
import { findModel, findVersion } from "./lookup";

/** What `PATCH /models/{owner}/{name}` may change, as the document lists it, and where each is kept. */
const UPDATABLE_FIELDS = {
  description: "description",
  readme: "readme",
  github_url: "githubUrl",
  paper_url: "paperUrl",
  weights_url: "weightsUrl",
  license_url: "licenseUrl",
} as const satisfies Record<string, keyof ModelRecord>;

/** Fields the answer shows as URLs (`format: uri`), so they must be URLs. */
const URL_FIELDS = new Set(["github_url", "paper_url", "weights_url", "license_url"]);

/** The rule every change shares: only the account's own models (a model `defineModel` gave another owner is not). */
function ownModel(context: RouteContext, verb: string): ModelRecord {
  const model = findModel(context);
  if (!model.ownedByAccount) {
    throw new HttpProblem(
      403,
      `You can only ${verb} models you own; ${model.owner}/${model.name} is not yours.`,
    );
  }
  return model;
}

export async function updateModel(context: RouteContext): Promise<Response> {
  const model = ownModel(context, "update");
  const body = expectObject(await context.json());
  const invalidFields: InvalidField[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!Object.hasOwn(UPDATABLE_FIELDS, field)) {
      invalidFields.push({
        field,
        message: `cannot be updated; only ${Object.keys(UPDATABLE_FIELDS).join(", ")} can`,
      });
    } else if (typeof value !== "string") {
      invalidFields.push({ field, message: "expected a string" });
    } else if (URL_FIELDS.has(field) && !isUri(value)) {
      invalidFields.push({ field, message: "expected an absolute URL" });
    }
  }
  if (invalidFields.length > 0) throw HttpProblem.invalid(invalidFields);
  for (const [field, key] of Object.entries(UPDATABLE_FIELDS)) {
    if (typeof body[field] === "string") model[key] = body[field];
  }
  return jsonResponse(modelJson(model, context.origin));
}

/** The document's rules: your own model, private, and without versions (delete those first). */
export function deleteModel(context: RouteContext): Response {
  const model = ownModel(context, "delete");
  const fullName = `${model.owner}/${model.name}`;
  if (model.visibility !== "private") {
    throw new HttpProblem(409, `Only private models can be deleted; ${fullName} is public.`);
  }
  if (model.versions.length > 0) {
    throw new HttpProblem(
      409,
      `${fullName} still has ${model.versions.length} version(s): delete them first (DELETE /models/${fullName}/versions/{version_id}).`,
    );
  }
  context.emulator.state.models.delete(fullName);
  return new Response(null, { status: 204 });
}

/**
 * The document's rules: a version of your own private model, not the base of a training, not used by
 * a deployment. Its predictions go with it. Answers 202 with no body, as the service does (there the
 * deletion finishes later; here it is done at once).
 */
export function deleteVersion(context: RouteContext): Response {
  const { state } = context.emulator;
  const model = ownModel(context, "delete versions of");
  const version = findVersion(context, model);
  const fullName = `${model.owner}/${model.name}`;
  if (model.visibility !== "private") {
    throw new HttpProblem(409, `Only versions of private models can be deleted; ${fullName} is public.`);
  }
  const training = [...state.trainings.values()].find((record) => record.init.version === version.id);
  if (training) {
    throw new HttpProblem(409, `Version ${version.id} is the base of training ${training.id}.`);
  }
  const deployment = [...state.deployments.values()].find(
    (candidate) => candidate.releases.at(-1)?.version === version.id,
  );
  if (deployment) {
    throw new HttpProblem(
      409,
      `Version ${version.id} is used by the deployment ${deployment.owner}/${deployment.name}.`,
    );
  }
  state.deleteVersion(version);
  return new Response(null, { status: 202 });
}
