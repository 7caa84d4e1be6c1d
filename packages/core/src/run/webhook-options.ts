import { invalidArgument } from "../errors/invalid-argument-error";
import { isHttpUrl } from "../http-url";

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
    // Worded "Invalid webhook URL" as replicate's is: code and tests written for it match on those words.
    throw Object.assign(invalidArgument("webhook URL", "an absolute http(s) URL", webhook), {
      argument: "webhook",
    });
  }
  // One check for the array and its events: the value shown says which event is wrong.
  if (
    filter !== undefined &&
    !(Array.isArray(filter) && filter.every((event) => WEBHOOK_EVENTS.includes(event)))
  ) {
    throw invalidArgument(
      "webhook_events_filter",
      `an array of the events ${WEBHOOK_EVENTS.join(", ")}`,
      filter,
    );
  }
}
