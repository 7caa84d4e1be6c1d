import { type Client, requestJson } from "@dashscope/core";

export interface Hardware {
  /** A readable name, such as "Nvidia T4 GPU". */
  name: string;
  /** What `createModel` and deployments take as `hardware`, such as "gpu-t4". */
  sku: string;
}

/** Every kind of hardware models can run on: a plain array, not a page. */
export async function listHardware(
  client: Client,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Hardware[]> {
  return requestJson(client, "/hardware", { signal: options.signal });
}
