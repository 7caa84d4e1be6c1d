import type { Status } from "./status";
import type { WebhookEventType } from "./webhook-options";

/**
 * A prediction: one run of a model version. It lives here, in core, because predictions, deployments
 * and streams all hand it out, and area packages depend on core alone.
 *
 * Its shape is replicate's `Prediction`, so that a prediction passes both ways between code typed for
 * either client (a library typed against replicate's takes ours). The service sends `null` for `output`,
 * `error`, `logs`, `metrics`, `started_at` and `completed_at` until they have a value; replicate's type
 * leaves `null` out of all but `output` and `error`, and so does this one, since a `| null` would make
 * ours unassignable to theirs: test those fields for a value (`if (prediction.completed_at)`), never
 * against `undefined`.
 */
export interface Prediction<Input = object, Output = unknown> {
  id: string;
  model: string;
  version: string;
  status: Status;
  input: Input;
  /** `null` until the model has output, and once the service has removed it. */
  output?: Output | null;
  error?: unknown;
  logs?: string;
  metrics?: { predict_time?: number; total_time?: number };
  created_at: string;
  started_at?: string;
  completed_at?: string;
  /** How the prediction was made; the service always says. */
  source: "api" | "web";
  /** True once the server has deleted the input and output (after its retention period). */
  data_removed: boolean;
  /** For a prediction made through a deployment: its `owner/name`. */
  deployment?: string;
  /** Sent back only when the create named one. */
  webhook?: string;
  webhook_events_filter?: WebhookEventType[];
  /** When the server will stop the prediction if it has not finished, where it set one. */
  deadline?: string;
  /** `web` is the prediction's page on the website, where the server gives one. */
  urls: { get: string; cancel: string; stream?: string; web?: string };
}
