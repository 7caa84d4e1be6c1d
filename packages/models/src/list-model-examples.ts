import { type Client, type ListOptions, listPage, type Page, type Prediction } from "@dashscope/core";
import { modelRoute } from "./model-route";

/**
 * One page of the example predictions the model's author saved to show what it does. `getModel`'s
 * `default_example` is the first of them; pass this to core's `paginate` for all of them.
 */
export async function listModelExamples(
  client: Client,
  owner: string,
  name: string,
  options: ListOptions = {},
): Promise<Page<Prediction>> {
  return listPage(client, `${modelRoute(owner, name)}/examples`, options);
}
