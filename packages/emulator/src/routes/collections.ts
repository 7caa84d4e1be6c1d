import { HttpProblem } from "../http-problem";
import { jsonResponse } from "../json-response";
import { modelJson } from "../model-json";
import { BUILT_IN_COLLECTION } from "../models/catalogue";
import { type Route, type RouteContext, route } from "../router";
import { pageResponse } from "./page-response";

function builtInModels(context: RouteContext) {
  return [...context.emulator.state.models.values()].filter((model) => model.builtIn);
}

export const collectionRoutes: Route[] = [
  route("GET", "/collections", (context) =>
    pageResponse(
      context,
      [BUILT_IN_COLLECTION],
      () => 0,
      (collection) => ({ ...collection }),
    ),
  ),
  route("GET", "/collections/{slug}", (context) => {
    if (context.params.slug !== BUILT_IN_COLLECTION.slug) {
      throw new HttpProblem(404, `No collection is called "${context.params.slug}".`);
    }
    return jsonResponse({
      ...BUILT_IN_COLLECTION,
      models: builtInModels(context).map((model) => modelJson(model, context.origin)),
    });
  }),
];
