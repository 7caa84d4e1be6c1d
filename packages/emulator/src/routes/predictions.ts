import { answerRun, createRun } from "../create-run";
import { HttpProblem } from "../http-problem";
import { jsonResponse } from "../json-response";
import { type Route, type RouteContext, route } from "../router";
import { runJson } from "../run-json";
import type { RunRecord } from "../run-record";
import { parseRunRequest } from "../run-request";
import type { ModelVersionRecord } from "../state";
import { findModel } from "./lookup";
import { pageResponse, requestCursor } from "./page-response";
import { PREDICTION_LIST_PARAMETERS, predictionListFilter } from "./prediction-list-filter";

const VERSION_ID = /^[0-9a-f]{64}$/;

/**
 * `version` may be a version id, `owner/name:id`, or `owner/name` (its latest version), the forms
 * clients send; anything else is a 422 on the field.
 */
function resolveVersion(context: RouteContext, value: unknown): ModelVersionRecord {
  const { state } = context.emulator;
  const invalid = (message: string) => HttpProblem.invalid([{ field: "version", message }]);
  if (typeof value !== "string" || value === "") throw invalid("is required: a version id");
  const [modelName, id] = value.includes(":")
    ? value.split(":", 2)
    : VERSION_ID.test(value)
      ? [undefined, value]
      : [value, undefined];
  if (id !== undefined) {
    const version = state.versions.get(id);
    if (
      !version ||
      (modelName !== undefined && `${version.model.owner}/${version.model.name}` !== modelName)
    ) {
      throw invalid(`no version ${value} exists`);
    }
    return version;
  }
  const latest = modelName === undefined ? undefined : state.models.get(modelName)?.versions.at(-1);
  if (!latest) throw invalid(`no model ${value} with a version exists`);
  return latest;
}

export function findPrediction(context: RouteContext): RunRecord {
  const record = context.emulator.state.predictions.get(context.params.id ?? "");
  if (!record) throw new HttpProblem(404, `No prediction has the id ${context.params.id}.`);
  return record;
}

export const predictionRoutes: Route[] = [
  route("POST", "/predictions", (context) =>
    createRun(context, "prediction", (body) => {
      const version = resolveVersion(context, body.version);
      return { version, request: parseRunRequest(body, version.behaviour) };
    }),
  ),
  route("POST", "/models/{owner}/{name}/predictions", (context) =>
    createRun(context, "prediction", (body) => {
      const model = findModel(context);
      const version = model.versions.at(-1);
      if (!version) {
        throw new HttpProblem(422, `Model ${model.owner}/${model.name} has no versions to run yet.`);
      }
      return { version, request: parseRunRequest(body, version.behaviour) };
    }),
  ),
  route("GET", "/predictions", (context) => {
    const keep = predictionListFilter(context);
    const predictions = [...context.emulator.state.predictions.values()].reverse().filter(keep);
    return pageResponse(
      context,
      predictions,
      (record) => -record.init.sequence,
      (record) => runJson(record, context.origin),
      requestCursor(context),
      PREDICTION_LIST_PARAMETERS,
    );
  }),
  route("GET", "/predictions/{id}", (context) => answerRun(context, findPrediction(context))),
  route("POST", "/predictions/{id}/cancel", (context) => {
    const record = findPrediction(context);
    record.cancel();
    return jsonResponse(runJson(record, context.origin));
  }),
];
