import { HARDWARE } from "../hardware";
import { jsonResponse } from "../json-response";
import { type Route, route } from "../router";

/** A bare array, not a page, as docs/api.md says. */
export const hardwareRoutes: Route[] = [
  route("GET", "/hardware", () => jsonResponse(HARDWARE.map((item) => ({ ...item })))),
];
