import type { Status } from "./status";
import type { WebhookEventType } from "./webhook-options";

/**
 * A prediction: one run of a model version. It lives here, in core, because predictions, deployments
 * and streams all hand it out, and area packages depend on core alone.
 */
export interface Prediction<Input = Record<string, unknown>, Output = unknown> {
  id: string;
  model: string;
  version: string;
  status: Status;
  input: Input;
  output: Output | null;
  error: unknown;
  logs: string | null;
  metrics?: { predict_time?: number; total_time?: number };
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  source?: "api" | "web";
  /** For a prediction made through a deployment: its `owner/name`. */
  deployment?: string;
  webhook?: string | null;
  webhook_events_filter?: WebhookEventType[];
  /** True once the server has deleted the input and output (after its retention period). */
  data_removed?: boolean;
  /** When the server will stop the prediction if it has not finished, where it set one. */
  deadline?: string;
  /** `web` is the prediction's page on the website, where the server gives one. */
  urls: { get: string; cancel: string; stream?: string; web?: string };
}
