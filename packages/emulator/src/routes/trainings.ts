import { answerRun, createRun } from "../create-run";
import { HttpProblem, type InvalidField } from "../http-problem";
import { jsonResponse } from "../json-response";
import { NAME_PATTERN } from "../names";
import { type Route, type RouteContext, route } from "../router";
import { runJson } from "../run-json";
import type { RunRecord } from "../run-record";
import { parseRunRequest } from "../run-request";
import { findModel, findVersion } from "./lookup";
import { pageResponse } from "./page-response";

function findTraining(context: RouteContext): RunRecord {
  const record = context.emulator.state.trainings.get(context.params.id ?? "");
  if (!record) throw new HttpProblem(404, `No training has the id ${context.params.id}.`);
  return record;
}

function destinationProblem(destination: unknown): InvalidField[] {
  const [owner, name, ...rest] = typeof destination === "string" ? destination.split("/") : [];
  const valid =
    owner !== undefined &&
    name !== undefined &&
    rest.length === 0 &&
    NAME_PATTERN.test(owner) &&
    NAME_PATTERN.test(name);
  return valid ? [] : [{ field: "destination", message: 'expected "owner/name"' }];
}

export const trainingRoutes: Route[] = [
  route("POST", "/models/{owner}/{name}/versions/{version_id}/trainings", (context) =>
    createRun(context, "training", (body) => {
      const model = findModel(context);
      const version = findVersion(context, model);
      const training = version.behaviour.training;
      // 400, not 422: the request is well formed; the model is what cannot be trained.
      if (!training)
        throw new HttpProblem(400, `Model ${model.owner}/${model.name} does not support training.`);
      const request = parseRunRequest(
        body,
        { input: training.input, schemas: version.behaviour.schemas },
        destinationProblem(body.destination),
      );
      return { version, request, destination: body.destination as string };
    }),
  ),
  route("GET", "/trainings", (context) => {
    const trainings = [...context.emulator.state.trainings.values()].reverse();
    return pageResponse(
      context,
      trainings,
      (record) => -record.init.sequence,
      (record) => runJson(record, context.origin),
    );
  }),
  route("GET", "/trainings/{id}", (context) => answerRun(context, findTraining(context))),
  route("POST", "/trainings/{id}/cancel", (context) => {
    const record = findTraining(context);
    record.cancel();
    return jsonResponse(runJson(record, context.origin));
  }),
];
