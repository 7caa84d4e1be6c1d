import type { Client } from "./client";
import { requestJson } from "./request";

export interface Account {
  type: "user" | "organization";
  username: string;
  name: string;
  github_url?: string | null;
  avatar_url?: string | null;
}

/** The account the API token belongs to. */
export function getAccount(
  client: Client,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Account> {
  return requestJson<Account>(client, "/account", options);
}
