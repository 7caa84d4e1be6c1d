import { InvalidArgumentError, invalidArgument } from "../errors/invalid-argument-error";
import { isHttpUrl } from "../url";

export type WebhookEventType = "start" | "output" | "logs" | "completed";

const WEBHOOK_EVENTS: readonly unknown[] = ["start", "output", "logs", "completed"];

export interface WebhookOptions {
  /** An absolute http(s) URL that receives the object on each event. */
  webhook?: string | undefined;
  /** Which events call the webhook; all four by default. */
  webhook_events_filter?: WebhookEventType[] | undefined;
}

/** Checks the webhook options every create shares, before anything is sent. */
export function checkWebhookOptions({ webhook, webhook_events_filter: filter }: WebhookOptions): void {
  if (webhook !== undefined && !isHttpUrl(webhook)) {
    throw invalidArgument("webhook", "an absolute http(s) URL", webhook);
  }
  if (filter === undefined) return;
  if (!Array.isArray(filter))
    throw invalidArgument("webhook_events_filter", "an array of event names", filter);
  for (const event of filter) {
    if (!WEBHOOK_EVENTS.includes(event)) {
      throw new InvalidArgumentError(
        "webhook_events_filter",
        `unknown event ${JSON.stringify(event)}; the events are ${WEBHOOK_EVENTS.join(", ")}`,
      );
    }
  }
}
