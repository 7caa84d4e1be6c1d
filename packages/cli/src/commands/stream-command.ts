import { isInvalidArgumentError, isStreamError, type ModelName, type Prediction } from "dashscope";
import { parseInputArguments } from "../coerce-input";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { buildModelInput, needsUpload, parseModelReference } from "../model-input";
import { createEventRedactor, type PrintedEvent } from "../redacting-events";
import { UsageError } from "../usage-error";
import { CANCEL_AFTER_OPTION, INPUT_HELP } from "./run-command";

export const streamCommand: Command = {
  name: "stream",
  arguments: "<model> [key=value ...]",
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  summary: "run a model and print its output as it streams in",
  description: `Creates a prediction with stream: true and prints each piece of output the moment it
arrives. With --json, prints each server-sent event as one JSON line ({ event, id, data }).
Ctrl-C cancels the prediction on the server and exits 130.

${INPUT_HELP}`,
  options: { "cancel-after": CANCEL_AFTER_OPTION },
  examples: ['dashscope stream dashscope/echo-stream prompt="one two three"'],
  async run({ io, positionals, options, json, signal, client, print, redact, secrets }) {
    const [reference, ...rest] = positionals;
    const identifier = parseModelReference(reference);
    const inputArguments = parseInputArguments(rest);
    let dashscope = client();
    const input = await buildModelInput(dashscope, identifier, inputArguments, {
      schemaName: "Input",
      cwd: io.cwd,
      signal,
    });
    if (needsUpload(input)) dashscope = client({ fileEncodingStrategy: "upload" });
    // `stream` cancels its prediction on the server when the signal (Ctrl-C) aborts.
    let created: Prediction | undefined;
    const onPrediction = (prediction: Prediction) => {
      created = prediction;
    };
    const reportInterrupted = (prediction: Prediction | undefined) => {
      print.note(`dashscope: interrupted${prediction ? `; prediction ${prediction.id} canceled` : ""}`);
      return ExitCode.interrupted;
    };
    // With --json, a token cut across output events is blanked in each of its pieces.
    const events = createEventRedactor(secrets);
    const printEvents = (ready: PrintedEvent[]) => {
      for (const event of ready) print.text(JSON.stringify(redact(event)));
    };
    let lastText = "\n";
    let doneReason: string | undefined;
    const endLine = () => {
      if (!json && !lastText.endsWith("\n")) io.stdout.write("\n");
      lastText = "\n";
    };
    try {
      for await (const event of dashscope.stream(reference as ModelName, {
        input,
        signal,
        onPrediction,
        cancelAfter: options["cancel-after"] as string | undefined,
      })) {
        if (json) printEvents(events.push({ event: event.event, id: event.id, data: event.data }));
        else if (event.event === "output" && event.data) {
          io.stdout.write(event.data);
          lastText = event.data;
        }
        if (event.event === "done") {
          try {
            doneReason = (JSON.parse(event.data) as { reason?: string }).reason;
          } catch {}
        }
      }
    } catch (error) {
      if (json) printEvents(events.flush());
      endLine();
      if (signal?.aborted) return reportInterrupted(created);
      if (isStreamError(error)) {
        print.note(`dashscope: the prediction failed: ${error.detail}`);
        return ExitCode.predictionFailed;
      }
      // A model that cannot stream still made a prediction, without `urls.stream`: it would run for nothing.
      if (isInvalidArgumentError(error) && created && !created.urls?.stream) {
        // Bounded by the client's clean-up time, as `run`'s own clean-up is.
        await dashscope.predictions.cancel(created.id, { timeout: dashscope.cleanupTimeout }).catch(() => {});
        throw new UsageError(`${reference} cannot stream its output; use "dashscope run ${reference} …"`);
      }
      throw error;
    }
    if (json) printEvents(events.flush());
    endLine();
    if (signal?.aborted) return reportInterrupted(created);
    if (doneReason === "canceled" || doneReason === "error" || doneReason === "aborted") {
      const outcome = {
        canceled: "was canceled",
        error: "failed",
        aborted: "was aborted: its deadline came first",
      };
      print.note(`dashscope: the prediction ${outcome[doneReason]}`);
      return ExitCode.predictionFailed;
    }
    return ExitCode.success;
  },
};
