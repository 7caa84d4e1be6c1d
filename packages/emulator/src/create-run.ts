import { parseCancelAfter, scheduleDeadline } from "./cancel-after";
import type { EmulatorContext } from "./emulator-context";
import { idempotentJsonCreate } from "./idempotency";
import { jsonResponse } from "./json-response";
import { parsePreferWait, waitForTerminal } from "./prefer-wait";
import { expectObject } from "./request-body";
import type { RouteContext } from "./router";
import { runJson } from "./run-json";
import { type RunPlan, startRun } from "./run-lifecycle";
import { type RunKind, RunRecord } from "./run-record";
import type { RunRequest } from "./run-request";
import type { ModelVersionRecord } from "./state";

export interface RunCreation {
  version: ModelVersionRecord;
  request: RunRequest;
  deployment?: string | null;
  /** For trainings. */
  destination?: string;
}

/** Answers a create (or its replay) with 201, after holding it as `Prefer: wait` asks. */
async function answerCreated(
  emulator: EmulatorContext,
  request: Request,
  record: RunRecord,
): Promise<Response> {
  const seconds = parsePreferWait(request.headers.get("prefer"));
  if (seconds !== null) await waitForTerminal(record, seconds, emulator.clock);
  return jsonResponse(runJson(record, new URL(request.url).origin), 201);
}

/**
 * The create of a prediction or training, shared by every route that makes one: idempotent replay
 * first, then `prepare` (which resolves the version and validates, throwing its 4xx), then the run.
 */
export async function createRun(
  context: RouteContext,
  kind: RunKind,
  prepare: (body: Record<string, unknown>) => RunCreation,
): Promise<Response> {
  const { emulator } = context;
  const body = expectObject(await context.json());
  const create = idempotentJsonCreate(emulator.idempotency, context.request, context.path, body);
  if (create.replay) return create.replay(context.request);

  // Only prediction creates take a deadline; a malformed one is refused before anything is made.
  const cancelAfterSeconds =
    kind === "prediction"
      ? parseCancelAfter(context.request.headers.get("cancel-after"), emulator.clock.now())
      : null;
  const creation = prepare(body);
  const { version, request } = creation;
  const behaviour = version.behaviour;
  const training = kind === "training" ? behaviour.training : undefined;
  const record = new RunRecord(
    {
      kind,
      id: emulator.state.ids.object(),
      sequence: emulator.state.nextSequence(),
      model: `${version.model.owner}/${version.model.name}`,
      version: version.id,
      input: request.input,
      origin: context.origin,
      // Like the service, a model that can stream offers its stream whether or not `stream: true` was sent.
      streamable: kind === "prediction" && behaviour.canStream,
      webhook: request.webhook,
      webhookEventsFilter: request.webhookEventsFilter,
      deployment: creation.deployment ?? null,
    },
    emulator.state.now,
  );
  if (kind === "prediction") {
    emulator.state.predictions.set(record.id, record);
    emulator.stats.predictionsCreated += 1;
    version.model.runCount += 1;
  } else {
    emulator.state.trainings.set(record.id, record);
    emulator.stats.trainingsCreated += 1;
  }
  if (cancelAfterSeconds !== null) scheduleDeadline(record, cancelAfterSeconds, emulator.clock);
  create.remember((repeat) => answerCreated(emulator, repeat, record));
  emulator.webhooks.watch(record);
  const plan: RunPlan = {
    input: request.modelInput,
    startupMilliseconds: behaviour.startupMilliseconds,
    run: training ? (runContext) => training.run(runContext) : (runContext) => behaviour.run(runContext),
    ...(creation.destination !== undefined ? { destination: creation.destination } : {}),
  };
  startRun(emulator, record, plan);
  return answerCreated(emulator, context.request, record);
}

/** `GET` of a prediction or training: a long poll when asked (and enabled), with `Preference-Applied`. */
export async function answerRun(context: RouteContext, record: RunRecord): Promise<Response> {
  const { emulator } = context;
  const seconds = emulator.settings.longPoll ? parsePreferWait(context.request.headers.get("prefer")) : null;
  if (seconds === null) return jsonResponse(runJson(record, context.origin));
  await waitForTerminal(record, seconds, emulator.clock);
  return jsonResponse(runJson(record, context.origin), 200, { "preference-applied": `wait=${seconds}` });
}
