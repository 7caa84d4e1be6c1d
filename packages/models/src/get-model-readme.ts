import { type Client, request } from "@dashscope/core";
import { modelRoute } from "./model-route";

/** The model's README, as the Markdown text the server answers (`text/plain`). A model without one: 404. */
export async function getModelReadme(
  client: Client,
  owner: string,
  name: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<string> {
  const response = await request(client, `${modelRoute(owner, name)}/readme`, {
    headers: { Accept: "text/plain" },
    signal: options?.signal,
    buffer: true,
  });
  return response.text();
}
