import { HttpProblem } from "../http-problem";
import type { RouteContext } from "../router";
import type { ModelRecord, ModelVersionRecord } from "../state";

export function findModel(context: RouteContext): ModelRecord {
  const { owner, name } = context.params;
  const model = context.emulator.state.models.get(`${owner}/${name}`);
  if (!model) throw new HttpProblem(404, `No model is called ${owner}/${name}.`);
  return model;
}

export function findVersion(context: RouteContext, model: ModelRecord): ModelVersionRecord {
  const version = model.versions.find((candidate) => candidate.id === context.params.version_id);
  if (!version) {
    throw new HttpProblem(
      404,
      `Model ${model.owner}/${model.name} has no version ${context.params.version_id}.`,
    );
  }
  return version;
}
