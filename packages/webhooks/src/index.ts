export { getDefaultWebhookSecret, type WebhookSecret } from "./get-default-webhook-secret";
export {
  type ValidateWebhookOptions,
  validateWebhook,
  type WebhookBody,
  type WebhookCrypto,
  type WebhookParts,
  type WebhookRequest,
} from "./validate-webhook";
export {
  isWebhookVerificationError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./webhook-verification-error";
