import type { Floor } from "./floors";

/**
 * The floors of `packages/emulator/src`, bottom first (docs/architecture.md draws them). A file imports
 * its own floor or a lower one: a model definition does not know a route, and the state keeps each
 * version's behaviour without knowing what any model does.
 */
export const EMULATOR_FLOORS: readonly Floor[] = [
  {
    name: "values",
    paths: [
      "clock.ts",
      "cors.ts",
      "data-uri.ts",
      "defaults.ts",
      "hardware.ts",
      "http-problem.ts",
      "ids.ts",
      "json-nesting.ts",
      "json-response.ts",
      "loopback.ts",
      "names.ts",
      "pagination.ts",
      "png.ts",
      "request-body.ts",
      "schema-validation.ts",
      "seeded-random.ts",
      "uri.ts",
      "version.ts",
    ],
  },
  { name: "definitions", paths: ["define-model.ts", "model-behaviour.ts", "types.ts"] },
  {
    name: "state",
    paths: [
      "idempotency.ts",
      "model-example.ts",
      "model-json.ts",
      "request-log.ts",
      "run-json.ts",
      "run-record.ts",
      "signed-download.ts",
      "state.ts",
      "stats.ts",
    ],
  },
  { name: "models", paths: ["models/"] },
  {
    name: "services",
    paths: [
      "access-policy.ts",
      "cancel-after.ts",
      "emulator-context.ts",
      "faults.ts",
      "input-files.ts",
      "loopback-fetch.ts",
      "prefer-wait.ts",
      "run-lifecycle.ts",
      "sse.ts",
      "webhooks.ts",
    ],
  },
  { name: "routes", paths: ["router.ts", "routes/", "create-run.ts", "run-request.ts", "inspection.ts"] },
  {
    name: "server",
    paths: ["emulator.ts", "node-server.ts", "load-models.ts", "cli-arguments.ts", "cli.ts", "index.ts"],
  },
];
