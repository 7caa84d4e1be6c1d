import { createRun } from "../create-run";
import { ACCOUNT } from "../defaults";
import { HARDWARE, isHardwareSku } from "../hardware";
import { HttpProblem, type InvalidField } from "../http-problem";
import { idempotentJsonCreate } from "../idempotency";
import { jsonResponse, noContentResponse } from "../json-response";
import { NAME_PATTERN } from "../names";
import { expectObject } from "../request-body";
import { type Route, type RouteContext, route } from "../router";
import { parseRunRequest } from "../run-request";
import type { DeploymentRecord, ReleaseRecord } from "../state";
import { pageResponse } from "./page-response";

function deploymentJson(deployment: DeploymentRecord): Record<string, unknown> {
  const release = deployment.releases.at(-1) as ReleaseRecord;
  return {
    owner: deployment.owner,
    name: deployment.name,
    current_release: {
      number: release.number,
      model: release.model,
      version: release.version,
      created_at: release.createdAt.toISOString(),
      created_by: { ...ACCOUNT },
      configuration: {
        hardware: release.hardware,
        min_instances: release.minInstances,
        max_instances: release.maxInstances,
      },
    },
  };
}

function findDeployment(context: RouteContext): DeploymentRecord {
  const { owner, name } = context.params;
  const deployment = context.emulator.state.deployments.get(`${owner}/${name}`);
  if (!deployment) throw new HttpProblem(404, `No deployment is called ${owner}/${name}.`);
  return deployment;
}

/**
 * Checks the release settings present in `body` (all of them when `required`), against `modelName`
 * for the version; answers the settings that were given.
 */
function releaseSettings(
  context: RouteContext,
  body: Record<string, unknown>,
  modelName: string | undefined,
  required: boolean,
  invalidFields: InvalidField[],
): Partial<Omit<ReleaseRecord, "number" | "model" | "createdAt">> {
  const settings: Partial<Omit<ReleaseRecord, "number" | "model" | "createdAt">> = {};
  const model = modelName === undefined ? undefined : context.emulator.state.models.get(modelName);
  if (body.version !== undefined || required) {
    if (typeof body.version !== "string" || !model?.versions.some((version) => version.id === body.version)) {
      invalidFields.push({
        field: "version",
        message: `expected a version id of ${modelName ?? "the model"}`,
      });
    } else {
      settings.version = body.version;
    }
  }
  if (body.hardware !== undefined || required) {
    if (!isHardwareSku(body.hardware)) {
      invalidFields.push({
        field: "hardware",
        message: `expected one of ${HARDWARE.map((item) => item.sku).join(", ")}`,
      });
    } else {
      settings.hardware = body.hardware as string;
    }
  }
  for (const [field, key] of [
    ["min_instances", "minInstances"],
    ["max_instances", "maxInstances"],
  ] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || (value as number) < 0) {
      invalidFields.push({ field, message: "expected an integer of 0 or more" });
    } else {
      settings[key] = value as number;
    }
  }
  return settings;
}

async function createDeployment(context: RouteContext): Promise<Response> {
  const { emulator } = context;
  const body = expectObject(await context.json());
  const create = idempotentJsonCreate(emulator.idempotency, context.request, context.path, body);
  if (create.replay) return create.replay(context.request);

  const invalidFields: InvalidField[] = [];
  if (typeof body.name !== "string" || !NAME_PATTERN.test(body.name)) {
    invalidFields.push({ field: "name", message: "expected letters, digits, '.', '_' or '-'" });
  }
  const modelName = typeof body.model === "string" ? body.model : undefined;
  if (modelName === undefined || !emulator.state.models.has(modelName)) {
    invalidFields.push({ field: "model", message: 'expected an existing model as "owner/name"' });
  }
  const settings = releaseSettings(context, body, modelName, true, invalidFields);
  const minInstances = settings.minInstances ?? 0;
  const maxInstances = settings.maxInstances ?? Math.max(1, minInstances);
  if (minInstances > maxInstances) {
    invalidFields.push({ field: "min_instances", message: "must not exceed max_instances" });
  }
  if (invalidFields.length > 0) throw HttpProblem.invalid(invalidFields);

  const name = body.name as string;
  const deploymentKey = `${ACCOUNT.username}/${name}`;
  if (emulator.state.deployments.has(deploymentKey)) {
    throw new HttpProblem(409, `A deployment called ${deploymentKey} already exists.`);
  }
  const deployment: DeploymentRecord = {
    owner: ACCOUNT.username,
    name,
    sequence: emulator.state.nextSequence(),
    releases: [
      {
        number: 1,
        model: modelName as string,
        version: settings.version as string,
        createdAt: emulator.state.now(),
        hardware: settings.hardware as string,
        minInstances,
        maxInstances,
      },
    ],
  };
  emulator.state.deployments.set(deploymentKey, deployment);
  emulator.stats.deploymentsCreated += 1;
  // 200, not 201: the document answers a created deployment with 200.
  const respond = async () => jsonResponse(deploymentJson(deployment), 200);
  create.remember(respond);
  return respond();
}

async function updateDeployment(context: RouteContext): Promise<Response> {
  const deployment = findDeployment(context);
  const body = expectObject(await context.json());
  const current = deployment.releases.at(-1) as ReleaseRecord;
  const invalidFields: InvalidField[] = [];
  const settings = releaseSettings(context, body, current.model, false, invalidFields);
  if (Object.keys(settings).length === 0 && invalidFields.length === 0) {
    invalidFields.push({
      field: "body",
      message: "expected one of version, hardware, min_instances, max_instances",
    });
  }
  const next: ReleaseRecord = {
    ...current,
    ...settings,
    number: current.number + 1,
    createdAt: context.emulator.state.now(),
  };
  if (next.minInstances > next.maxInstances) {
    invalidFields.push({ field: "min_instances", message: "must not exceed max_instances" });
  }
  if (invalidFields.length > 0) throw HttpProblem.invalid(invalidFields);
  deployment.releases.push(next);
  return jsonResponse(deploymentJson(deployment));
}

export const deploymentRoutes: Route[] = [
  route("GET", "/deployments", (context) => {
    const deployments = [...context.emulator.state.deployments.values()].reverse();
    return pageResponse(
      context,
      deployments,
      (deployment) => -deployment.sequence,
      (deployment) => deploymentJson(deployment),
    );
  }),
  route("POST", "/deployments", createDeployment),
  route("GET", "/deployments/{owner}/{name}", (context) =>
    jsonResponse(deploymentJson(findDeployment(context))),
  ),
  route("PATCH", "/deployments/{owner}/{name}", updateDeployment),
  route("DELETE", "/deployments/{owner}/{name}", (context) => {
    const deployment = findDeployment(context);
    context.emulator.state.deployments.delete(`${deployment.owner}/${deployment.name}`);
    return noContentResponse();
  }),
  route("POST", "/deployments/{owner}/{name}/predictions", (context) =>
    createRun(context, "prediction", (body) => {
      const deployment = findDeployment(context);
      const release = deployment.releases.at(-1) as ReleaseRecord;
      const version = context.emulator.state.versions.get(release.version);
      if (!version)
        throw new HttpProblem(
          404,
          `The version of deployment ${deployment.owner}/${deployment.name} is gone.`,
        );
      return {
        version,
        request: parseRunRequest(body, version.behaviour),
        deployment: `${deployment.owner}/${deployment.name}`,
      };
    }),
  ),
];
