import { parseArgs } from "node:util";
import { resolveAccessPolicy } from "./access-policy";
import { EMULATOR_TOKEN } from "./defaults";
import { parseFaultSpec } from "./faults";
import type { EmulatorOptions } from "./types";

export const USAGE = `Usage: dashscope-emulator [options]

A local, in-memory Dashscope API server with tiny built-in models.

Options:
  --port N            port to listen on (default 8787; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1)
  --allow-origin O    also answer web pages of origin O (https://app.example:8443); repeat; * for any
                      (default: pages on localhost, 127.x.x.x and [::1] only)
  --allow-host H      also answer requests addressed to host name H; repeat; * for any
                      (default: loopback names and the --host address only)
  --token T           accepted API token; repeat for several (default ${EMULATOR_TOKEN})
  --time-scale F      multiply every model duration and delay by F (default 1; 0.01 is 100x faster)
  --page-size N       items per list page (default 20)
  --faults SPEC       random faults, e.g. 429=0.15,500=0.03,502=0.03,503=0.04,reset=0.05,sse-drop=0.1,slow=0.05
  --models FILE       also serve the models a module exports (export default [defineModel(...)])
  --no-builtins       leave out the built-in models and the dashscope/hello deployment
  --seed N            makes ids, the webhook secret and the fault dice the same on every run
  --webhook-secret S  the webhook signing secret (whsec_ and base64)
  --clock manual      time stands still until POST /_emulator/advance {"milliseconds": N}
  --max-body-bytes N  answer 413 above this body size (default 16777216)
  --max-json-depth N  answer 400 to JSON bodies nested deeper than N levels (default 64)
  --request-log-limit N       requests /_emulator/requests keeps, oldest dropped (default 1000)
  --request-log-body-bytes N  bytes of each body the request log keeps (default 65536)
  --no-long-poll      ignore Prefer: wait on GET of predictions and trainings
  -h, --help          show this help
  -v, --version       show the version
`;

/** A command line the emulator cannot run with; the CLI prints it and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; port: number; host: string; options: EmulatorOptions; modelsPath?: string };

function numberOption(
  name: string,
  value: string | undefined,
  check: (number: number) => boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || !check(number)) {
    throw new UsageError(`--${name} got "${value}", which is not a valid value.`);
  }
  return number;
}

export function parseCliArguments(argv: string[]): CliCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const port = numberOption(
    "port",
    values.port,
    (number) => Number.isInteger(number) && number >= 0 && number <= 65535,
  );
  const timeScale = numberOption("time-scale", values["time-scale"], (number) => number > 0);
  const pageSize = numberOption(
    "page-size",
    values["page-size"],
    (number) => Number.isInteger(number) && number > 0,
  );
  const seed = numberOption("seed", values.seed, Number.isInteger);
  const maxBodyBytes = numberOption("max-body-bytes", values["max-body-bytes"], (number) => number > 0);
  const wholeNumber = (minimum: number) => (number: number) => Number.isInteger(number) && number >= minimum;
  const maxJsonDepth = numberOption("max-json-depth", values["max-json-depth"], wholeNumber(1));
  const requestLogLimit = numberOption("request-log-limit", values["request-log-limit"], wholeNumber(1));
  const requestLogBodyBytes = numberOption(
    "request-log-body-bytes",
    values["request-log-body-bytes"],
    wholeNumber(0),
  );
  const options: EmulatorOptions = { longPoll: !values["no-long-poll"] };
  if (values["no-builtins"]) options.builtins = false;
  if (values["webhook-secret"] !== undefined) {
    if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(values["webhook-secret"])) {
      throw new UsageError("--webhook-secret must be whsec_ followed by base64.");
    }
    options.webhookSecret = values["webhook-secret"];
  }
  if (values.clock !== undefined) {
    if (values.clock !== "manual" && values.clock !== "real") {
      throw new UsageError(`--clock got "${values.clock}"; expected manual or real.`);
    }
    options.clock = values.clock;
  }
  if (values.token && values.token.length > 0) options.tokens = values.token;
  if (values["allow-origin"]) options.allowedOrigins = values["allow-origin"];
  if (values["allow-host"]) options.allowedHosts = values["allow-host"];
  try {
    resolveAccessPolicy(options, (option) =>
      option === "allowedOrigins" ? "--allow-origin" : "--allow-host",
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (timeScale !== undefined) options.timeScale = timeScale;
  if (pageSize !== undefined) options.pageSize = pageSize;
  if (seed !== undefined) options.seed = seed;
  if (maxBodyBytes !== undefined) options.maxBodyBytes = maxBodyBytes;
  if (maxJsonDepth !== undefined) options.maxJsonDepth = maxJsonDepth;
  if (requestLogLimit !== undefined) options.requestLogLimit = requestLogLimit;
  if (requestLogBodyBytes !== undefined) options.requestLogBodyBytes = requestLogBodyBytes;
  if (values.faults !== undefined) {
    try {
      parseFaultSpec(values.faults);
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`);
    }
    options.faults = values.faults;
  }
  return {
    kind: "serve",
    port: port ?? 8787,
    host: values.host ?? "127.0.0.1",
    options,
    ...(values.models !== undefined ? { modelsPath: values.models } : {}),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string", multiple: true },
      "allow-origin": { type: "string", multiple: true },
      "allow-host": { type: "string", multiple: true },
      "time-scale": { type: "string" },
      "page-size": { type: "string" },
      faults: { type: "string" },
      seed: { type: "string" },
      "max-body-bytes": { type: "string" },
      "max-json-depth": { type: "string" },
      "request-log-limit": { type: "string" },
      "request-log-body-bytes": { type: "string" },
      "no-long-poll": { type: "boolean" },
      models: { type: "string" },
      "no-builtins": { type: "boolean" },
      "webhook-secret": { type: "string" },
      clock: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
