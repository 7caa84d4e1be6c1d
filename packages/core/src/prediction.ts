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
  urls: { get: string; cancel: string; stream?: string };
}
