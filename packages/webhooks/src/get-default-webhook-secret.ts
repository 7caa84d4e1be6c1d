import { type Client, requestJson } from "@dashscope/core";

/** The key webhooks are signed with: `whsec_` and the base64 of the HMAC key. */
export interface WebhookSecret {
  key: string;
}

/** The account's default webhook signing secret, for `validateWebhook`. */
export function getDefaultWebhookSecret(
  client: Client,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<WebhookSecret> {
  return requestJson<WebhookSecret>(client, "/webhooks/default/secret", options);
}
