import { DashscopeError, isDashscopeError } from "@dashscope/core";

/** Why a webhook could not be checked. A signature that simply does not match is not an error: `false`. */
export type WebhookVerificationReason =
  | "missing-header"
  | "missing-secret"
  | "invalid-body"
  | "timestamp-too-old"
  | "timestamp-in-future";

/** A webhook that cannot be trusted for a reason other than its signature; answer it with a 400. */
export class WebhookVerificationError extends DashscopeError {
  declare readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(`Cannot verify webhook: ${message}`);
    this.reason = reason;
  }

  override get name(): string {
    return "WebhookVerificationError";
  }
}

export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  return isDashscopeError(error) && error.name === "WebhookVerificationError";
}
