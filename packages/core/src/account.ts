import type { Client } from "./client";
import { requestJson } from "./request";

export interface Account {
  type: "user" | "organization";
  username: string;
  name: string;
  // Left out where the account has none; never null (the service's document says so).
  github_url?: string;
  avatar_url?: string;
}

/** The account the API token belongs to. */
export function getAccount(
  client: Client,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Account> {
  return requestJson<Account>(client, "/account", options);
}
