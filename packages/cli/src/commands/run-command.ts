import {
  isAbortError,
  isPredictionAbortedError,
  isPredictionCanceledError,
  isPredictionFailedError,
  type ModelName,
  type Prediction,
} from "dashscope";
import { parseInputArguments } from "../coerce-input";
import type { Command } from "../command";
import { downloadOutputs } from "../download-outputs";
import { ExitCode } from "../exit-codes";
import { formatOutput } from "../format-output";
import { buildModelInput, needsUpload, parseModelReference } from "../model-input";
import { createRunDisplay } from "../run-display";

export const INPUT_HELP = `<model> is owner/name (its latest version) or owner/name:<version id>.
Inputs are key=value pairs, typed by the version's schema: numbers, integers and
booleans from their text, arrays and objects as JSON (repeat the key of an array to add items).
key=@path sends a local file; key=@@text sends the literal text "@text".`;

/** `--cancel-after`, for the commands that create a prediction. */
export const CANCEL_AFTER_OPTION = {
  type: "string",
  value: "<duration>",
  description:
    "a deadline the server keeps (30s, 5m, 1h30m45s; at least 5s): then the prediction is canceled, or aborted if it has not started",
} as const;

export const runCommand: Command = {
  name: "run",
  arguments: "<model> [key=value ...]",
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  summary: "run a model and print its output",
  description: `Creates a prediction and follows it to the end. On a terminal it shows the status and a
progress bar (from the tqdm lines in the logs); elsewhere, plain status lines on stderr.
File outputs (URLs) are downloaded into --output-dir and their paths printed. With --json,
the final prediction is printed, with "files": [{ url, path }] for what was saved.
Ctrl-C cancels the prediction on the server and exits 130.

${INPUT_HELP}`,
  options: {
    "output-dir": {
      type: "string",
      value: "<dir>",
      description: "where file outputs are saved (default: ./outputs)",
    },
    "no-progress": { type: "boolean", description: "plain status lines instead of a progress bar" },
    "cancel-after": CANCEL_AFTER_OPTION,
  },
  examples: [
    "dashscope run dashscope/hello-world text=Alice",
    "dashscope run dashscope/gradient width=64 height=64 --output-dir images",
    "dashscope run dashscope/image-info image=@photo.png --json",
  ],
  async run({ io, positionals, options, json, signal, client, print, redact }) {
    const [reference, ...rest] = positionals;
    const identifier = parseModelReference(reference);
    const inputArguments = parseInputArguments(rest);
    const dashscope = client();
    const input = await buildModelInput(dashscope, identifier, inputArguments, {
      schemaName: "Input",
      cwd: io.cwd,
      signal,
    });
    const runner = needsUpload(input) ? client({ fileEncodingStrategy: "upload" }) : dashscope;
    const display = createRunDisplay(io.stderr, { bar: !options["no-progress"] });
    let prediction: Prediction | undefined;
    try {
      // Poll mode: the create answers at once, so the display sees `starting` and every update after it.
      await runner.run(
        reference as ModelName,
        { input, signal, wait: { mode: "poll" }, cancelAfter: options["cancel-after"] as string | undefined },
        (update: Prediction) => {
          prediction = update;
          display.update(update);
        },
      );
    } catch (error) {
      display.stop();
      if (
        isPredictionFailedError(error) ||
        isPredictionCanceledError(error) ||
        isPredictionAbortedError(error)
      ) {
        // Redacted before its error is encoded as JSON, where an echo of the token would be escaped twice.
        const final = redact(error.prediction as Prediction);
        if (json) print.json(final);
        print.note(
          final.status === "failed"
            ? `dashscope: prediction ${final.id} failed: ${typeof final.error === "string" ? final.error : JSON.stringify(final.error)}`
            : final.status === "aborted"
              ? `dashscope: prediction ${final.id} was aborted: its deadline came before it started`
              : `dashscope: prediction ${final.id} was canceled`,
        );
        return ExitCode.predictionFailed;
      }
      if (isAbortError(error) && prediction) {
        print.note(
          prediction.status === "canceled"
            ? `dashscope: interrupted; prediction ${prediction.id} canceled`
            : `dashscope: interrupted; prediction ${prediction.id} could not be canceled (${prediction.status})`,
        );
        return ExitCode.interrupted;
      }
      throw error;
    }
    display.stop();
    const final = redact(prediction as Prediction);
    const { output, files } = await downloadOutputs(final.output, {
      directory: (options["output-dir"] as string | undefined) ?? "outputs",
      cwd: io.cwd,
      fetch: io.fetch,
      signal,
    });
    if (json) print.json(files.length > 0 ? { ...final, files } : final);
    else {
      const text = formatOutput(output, files);
      if (text) print.text(text);
    }
    return ExitCode.success;
  },
};
