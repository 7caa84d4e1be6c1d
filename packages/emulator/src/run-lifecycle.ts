import { SleepInterruptedError } from "./clock";
import { API_PREFIX } from "./defaults";
import type { EmulatorContext } from "./emulator-context";
import { readInputFile } from "./input-files";
import type { ModelBehaviour, TrainingContext } from "./model-behaviour";
import { tqdmLine } from "./models/tqdm-line";
import type { RunRecord } from "./run-record";

export interface RunPlan {
  /** The validated input, with defaults: what the model sees (the record keeps what the client sent). */
  input: Record<string, unknown>;
  startupMilliseconds: number;
  run(context: TrainingContext): Promise<unknown>;
  /** For trainings: the `owner/name` that gets the new version. */
  destination?: string;
}

/**
 * Runs a prediction or training in (scaled) time: `starting`, then `processing` with logs, then a
 * terminal status. A cancel ends the record at once and aborts the model; a close just stops it.
 */
export function startRun(emulator: EmulatorContext, record: RunRecord, plan: RunPlan): void {
  const { clock, state } = emulator;
  const signal = record.abortController.signal;
  const origin = record.init.origin;
  const context: TrainingContext = {
    id: record.id,
    input: plan.input,
    signal,
    sleep: (modelMilliseconds) => clock.sleepScaled(modelMilliseconds, signal),
    log: (line) => record.log(line),
    progress: (current, total) => {
      const elapsedSeconds = (clock.now() - (record.startedAt ?? record.createdAt).getTime()) / 1000;
      record.log(tqdmLine(current, total, current > 0 ? elapsedSeconds / current : 0));
    },
    emitOutput: (piece) => record.appendOutput(piece),
    storeFile: (bytes, contentType, filename) =>
      `${origin}${API_PREFIX}${state.storeBlob(bytes, contentType, filename)}`,
    readFile: (url) => readInputFile(state, origin, url, signal),
    createTrainedVersion: (behaviour: ModelBehaviour) => {
      const destination = plan.destination ?? record.init.model;
      const [owner = "", name = ""] = destination.split("/");
      const model =
        state.models.get(destination) ??
        state.addModel({
          owner,
          name,
          visibility: "private",
          hardware: "cpu",
          description: `Trained from ${record.init.model}`,
        });
      const version = state.addVersion(model, behaviour);
      return `${destination}:${version.id}`;
    },
  };

  void (async () => {
    try {
      await clock.sleepScaled(plan.startupMilliseconds, signal);
      record.markProcessing();
      const output = await plan.run(context);
      if (!clock.disposed) record.succeed(output);
    } catch (error) {
      // A canceled run is already terminal, and a closed emulator no longer changes anything.
      if (record.terminal || clock.disposed || error instanceof SleepInterruptedError) return;
      record.fail(error instanceof Error ? error.message : String(error));
    }
  })();
}
