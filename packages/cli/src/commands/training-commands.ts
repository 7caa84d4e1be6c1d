import { isAbortError, type ModelName } from "dashscope";
import { parseInputArguments } from "../coerce-input";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { buildModelInput, fetchVersion, parseModelReference } from "../model-input";
import { createRunDisplay } from "../run-display";
import { UsageError } from "../usage-error";
import { listCommand } from "./list-command";
import { RUN_COLUMNS, runFields, runRow } from "./run-fields";
import { showCommand } from "./show-command";

const createTrainingCommand: Command = {
  name: "trainings create",
  arguments: "<model> [key=value ...]",
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  summary: "train a model; the result is a new version of --destination",
  description: `Starts a training of <model> (owner/name for its latest version, or owner/name:<version id>). Inputs are key=value pairs
typed by the version's TrainingInput schema, as for "dashscope run". With --wait, follows the
training to the end (Ctrl-C cancels it) and exits 1 if it failed or was canceled.`,
  options: {
    destination: {
      type: "string",
      value: "<owner/name>",
      description: "the model that receives the trained version (required)",
    },
    wait: { type: "boolean", description: "follow the training until it finishes" },
    "no-progress": { type: "boolean", description: "with --wait: plain status lines, no progress bar" },
  },
  examples: [
    "dashscope trainings create dashscope/tiny-trainer steps=20 --destination dashscope/my-model --wait",
  ],
  async run({ io, positionals, options, json, signal, client, print, redact }) {
    const [reference, ...rest] = positionals;
    const identifier = parseModelReference(reference);
    const destination = options.destination as ModelName | undefined;
    if (!destination)
      throw new UsageError("missing --destination <owner/name>: the model that receives the new version");
    const inputArguments = parseInputArguments(rest);
    const dashscope = client();
    const version = await fetchVersion(dashscope, identifier, signal);
    if (!version) throw new UsageError(`${reference} has no version to train`);
    const input = await buildModelInput(dashscope, identifier, inputArguments, {
      schemaName: "TrainingInput",
      cwd: io.cwd,
      signal,
      version,
    });
    let training = await dashscope.trainings.create(identifier.owner, identifier.name, version.id, {
      destination,
      input,
      signal,
    });
    if (options.wait) {
      const display = createRunDisplay(io.stderr, { bar: !options["no-progress"], noun: "training" });
      display.update(training);
      try {
        training = await dashscope.trainings.wait(training, { signal }, (update) => {
          display.update(update);
        });
      } catch (error) {
        display.stop();
        if (!isAbortError(error)) throw error;
        // Cleaning up after Ctrl-C must not hang: the client's clean-up bound, as `run` uses.
        const canceled = await dashscope.trainings
          .cancel(training.id, { signal: AbortSignal.timeout(dashscope.cleanupTimeout) })
          .catch(() => undefined);
        print.note(`dashscope: interrupted${canceled ? `; training ${canceled.id} ${canceled.status}` : ""}`);
        return ExitCode.interrupted;
      }
      display.stop();
    }
    training = redact(training);
    if (json) print.json(training);
    else print.fields(runFields(training));
    if (training.status === "failed" || training.status === "canceled" || training.status === "aborted") {
      const reason = training.error
        ? `: ${typeof training.error === "string" ? training.error : JSON.stringify(training.error)}`
        : "";
      print.note(`dashscope: training ${training.id} ${training.status}${reason}`);
      return ExitCode.predictionFailed;
    }
    return ExitCode.success;
  },
};

export const trainingCommands: Command[] = [
  createTrainingCommand,
  showCommand({
    name: "trainings get",
    arguments: "<id>",
    summary: "show a training",
    fetch: (client, id, signal) => client.trainings.get(id, { signal }),
    show: (training, print) => print.fields(runFields(training)),
  }),
  listCommand({
    name: "trainings list",
    summary: "list your trainings, newest first",
    fetchPage: (client, { signal }, cursor) => client.trainings.list({ cursor, signal }),
    columns: RUN_COLUMNS,
    row: runRow,
  }),
  showCommand({
    name: "trainings cancel",
    arguments: "<id>",
    summary: "cancel a training (a finished one is shown unchanged)",
    fetch: (client, id, signal) => client.trainings.cancel(id, { signal }),
    show: (training, print) => print.fields(runFields(training)),
  }),
];
