import { jsonResponse } from "../json-response";
import { type Route, route } from "../router";

export const webhookRoutes: Route[] = [
  route("GET", "/webhooks/default/secret", (context) =>
    jsonResponse({ key: context.emulator.webhooks.secret }),
  ),
];
