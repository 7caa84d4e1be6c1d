import { HttpProblem, type InvalidField } from "./http-problem";
import { isLoopbackUrl } from "./loopback";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./run-record";
import { type InputSchemas, validateInput } from "./schema-validation";

export interface RunRequest {
  /** The input as sent, which the prediction shows. */
  input: Record<string, unknown>;
  /** The input with defaults, which the model runs with. */
  modelInput: Record<string, unknown>;
  stream: boolean;
  webhook: string | null;
  webhookEventsFilter: WebhookEvent[] | null;
}

/**
 * Checks the parts of a prediction or training request that every create shares, and the input
 * against the version's schema; all problems come back together in one 422.
 */
export function parseRunRequest(
  body: Record<string, unknown>,
  inputSchemas: InputSchemas,
  extraInvalidFields: InvalidField[] = [],
): RunRequest {
  const invalidFields: InvalidField[] = [...extraInvalidFields];
  const { value: modelInput, invalidFields: inputProblems } = validateInput(inputSchemas, body.input ?? {});
  if (body.input === undefined || body.input === null) {
    invalidFields.push({ field: "input", message: "is required" });
  } else {
    invalidFields.push(...inputProblems);
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    invalidFields.push({ field: "stream", message: "expected a boolean" });
  }
  let webhook: string | null = null;
  if (body.webhook !== undefined && body.webhook !== null) {
    if (typeof body.webhook !== "string" || !isLoopbackUrl(body.webhook)) {
      invalidFields.push({
        field: "webhook",
        message:
          "the emulator delivers webhooks only to loopback http(s) URLs (localhost, 127.0.0.0/8, [::1])",
      });
    } else {
      webhook = body.webhook;
    }
  }
  let webhookEventsFilter: WebhookEvent[] | null = null;
  const filter = body.webhook_events_filter;
  if (filter !== undefined && filter !== null) {
    if (
      !Array.isArray(filter) ||
      filter.some((event) => !(WEBHOOK_EVENTS as readonly unknown[]).includes(event))
    ) {
      invalidFields.push({
        field: "webhook_events_filter",
        message: `expected an array of ${WEBHOOK_EVENTS.join(", ")}`,
      });
    } else {
      webhookEventsFilter = [...new Set(filter as WebhookEvent[])];
    }
  }
  if (invalidFields.length > 0) throw HttpProblem.invalid(invalidFields);
  return {
    input: body.input as Record<string, unknown>,
    modelInput,
    stream: body.stream === true,
    webhook,
    webhookEventsFilter,
  };
}
