import { API_PREFIX } from "./defaults";
import type { RunRecord } from "./run-record";

/** A prediction or training as docs/api.md shows it, with URLs pointing back at `origin`. */
export function runJson(record: RunRecord, origin: string): Record<string, unknown> {
  const { init } = record;
  const base = `${origin}${API_PREFIX}/${init.kind === "prediction" ? "predictions" : "trainings"}/${init.id}`;
  const urls: Record<string, string> = { get: base, cancel: `${base}/cancel` };
  // The service's page for a prediction; the emulator has no web pages, so nothing answers there.
  if (init.kind === "prediction") urls.web = `${origin}/p/${init.id}`;
  if (init.streamable) urls.stream = `${origin}${API_PREFIX}/streams/${init.id}`;
  return {
    id: init.id,
    model: init.model,
    version: init.version,
    status: record.status,
    input: init.input,
    output: record.output,
    error: record.error,
    logs: record.logs,
    metrics: record.metrics(),
    created_at: record.createdAt.toISOString(),
    started_at: record.startedAt?.toISOString() ?? null,
    completed_at: record.completedAt?.toISOString() ?? null,
    source: "api",
    ...(init.kind === "prediction" ? { data_removed: false } : {}),
    ...(record.deadline !== null ? { deadline: record.deadline.toISOString() } : {}),
    ...(init.deployment !== null ? { deployment: init.deployment } : {}),
    ...(init.webhook !== null ? { webhook: init.webhook } : {}),
    ...(init.webhookEventsFilter !== null ? { webhook_events_filter: init.webhookEventsFilter } : {}),
    urls,
  };
}
