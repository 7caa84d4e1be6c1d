import type { Command } from "../command";
import { listCommand } from "./list-command";
import { RUN_COLUMNS, runFields, runRow } from "./run-fields";
import { showCommand } from "./show-command";

export const predictionCommands: Command[] = [
  listCommand({
    name: "predictions list",
    summary: "list your predictions, newest first",
    fetchPage: (client, { signal }, cursor) => client.predictions.list({ cursor, signal }),
    columns: RUN_COLUMNS,
    row: runRow,
  }),
  showCommand({
    name: "predictions get",
    arguments: "<id>",
    summary: "show a prediction",
    fetch: (client, id, signal) => client.predictions.get(id, { signal }),
    show: (prediction, print) => print.fields(runFields(prediction)),
  }),
  showCommand({
    name: "predictions cancel",
    arguments: "<id>",
    summary: "cancel a prediction (a finished one is shown unchanged)",
    fetch: (client, id, signal) => client.predictions.cancel(id, { signal }),
    show: (prediction, print) => print.fields(runFields(prediction)),
  }),
];
