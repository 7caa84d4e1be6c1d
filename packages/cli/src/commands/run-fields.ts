import type { Prediction, Training } from "dashscope";

/** A prediction or a training: what the commands show of either. */
type Run = (Prediction | Training) & { destination?: string };

// A data: URI output can run to megabytes; a terminal gets its start.
const LONGEST_VALUE = 300;

function short(value: unknown): unknown {
  const text =
    typeof value === "string" ? value : value === null || value === undefined ? value : JSON.stringify(value);
  return typeof text === "string" && text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE)}…` : text;
}

/** The fields `get` and `cancel` show of a prediction or training. */
export function runFields(run: Run): [string, unknown][] {
  return [
    ["id", run.id],
    ["model", run.model],
    ["version", run.version],
    ["status", run.status],
    ["destination", run.destination],
    ["deployment", run.deployment],
    ["created_at", run.created_at],
    ["started_at", run.started_at],
    ["completed_at", run.completed_at],
    ["predict_time", run.metrics?.predict_time === undefined ? undefined : `${run.metrics.predict_time} s`],
    ["error", short(run.error)],
    ["output", short(run.output)],
    ["input", short(run.input)],
    ["url", run.urls?.get],
  ];
}

/** The columns of a list of predictions or trainings, and one row of it. */
export const RUN_COLUMNS = ["id", "model", "status", "created_at"];

export function runRow(run: Run): unknown[] {
  return [run.id, run.model, run.status, run.created_at];
}
