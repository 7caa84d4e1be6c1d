import { ACCOUNT } from "../defaults";
import { jsonResponse } from "../json-response";
import { type Route, route } from "../router";

export const accountRoutes: Route[] = [route("GET", "/account", () => jsonResponse({ ...ACCOUNT }))];
