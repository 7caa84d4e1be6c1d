import type { EmulatorOptions } from "@dashscope/emulator";
import type { Command, OptionValues } from "../command";
import { ExitCode } from "../exit-codes";
import { UsageError } from "../usage-error";

function numberOption(
  name: string,
  value: OptionValues[string],
  valid: (number: number) => boolean,
  expected: string,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !valid(number)) {
    throw new UsageError(`--${name} ${JSON.stringify(value)}: expected ${expected}`);
  }
  return number;
}

const wholeNumber = (minimum: number) => (number: number) => Number.isInteger(number) && number >= minimum;

/** The emulator names its options in the messages of its errors; the command line knows them as flags. */
const FLAG_OF_OPTION: Record<string, string> = {
  allowedOrigins: "--allow-origin",
  allowedHosts: "--allow-host",
  webhookSecret: "--webhook-secret",
};

function inFlags(message: string): string {
  return message.replace(
    /The emulator option `(\w+)`/g,
    (whole, option: string) => FLAG_OF_OPTION[option] ?? whole,
  );
}

export const emulatorCommand: Command = {
  name: "emulator",
  positionals: { min: 0, max: 0 },
  summary: "start a local emulator of the API (no token or network needed)",
  description: `Serves the whole API with tiny built-in models (dashscope/hello-world, echo-stream, gradient,
image-info, sleep, tiny-trainer) on 127.0.0.1 until Ctrl-C. Its token is "emulator-token".
Add your own models with --models (a module whose default export is an array of defineModel(...)).
See @dashscope/emulator for the fault syntax and the /_emulator/ inspection routes.`,
  options: {
    port: {
      type: "string",
      value: "<port>",
      description: "port to listen on (default 8787; 0 picks a free one)",
    },
    host: { type: "string", value: "<host>", description: "address to listen on (default 127.0.0.1)" },
    "time-scale": {
      type: "string",
      value: "<factor>",
      description: "multiply model durations by this (default 1; 0.01 is 100x faster)",
    },
    "page-size": { type: "string", value: "<n>", description: "items per list page (default 20)" },
    faults: { type: "string", value: "<spec>", description: "random faults, e.g. 429=0.1,reset=0.05" },
    seed: {
      type: "string",
      value: "<n>",
      description: "make ids, the webhook secret and the fault dice the same on every run",
    },
    "no-long-poll": { type: "boolean", description: "ignore Prefer: wait on GET of predictions" },
    models: {
      type: "string",
      value: "<file>",
      description: "also serve the models this module's default export lists",
    },
    "no-builtins": { type: "boolean", description: "leave out the built-in models" },
    "webhook-secret": {
      type: "string",
      value: "<whsec_...>",
      description: "the webhook signing secret (default: random, or from --seed)",
    },
    clock: {
      type: "string",
      value: "<manual|real>",
      description: "manual: time moves only on POST /_emulator/advance",
    },
    "allow-origin": {
      type: "string",
      value: "<origin>",
      multiple: true,
      description: "also answer web pages of this origin (https://app.example:8443); repeat; * for any",
    },
    "allow-host": {
      type: "string",
      value: "<host>",
      multiple: true,
      description: "also answer requests addressed to this host name (DNS rebinding); repeat; * for any",
    },
    "max-body-bytes": {
      type: "string",
      value: "<n>",
      description: "answer 413 to bodies above this size (default 16777216)",
    },
    "max-json-depth": {
      type: "string",
      value: "<n>",
      description: "answer 400 to JSON bodies nested deeper than this (default 64)",
    },
    "request-log-limit": {
      type: "string",
      value: "<n>",
      description: "requests /_emulator/requests keeps, the oldest dropped (default 1000)",
    },
    "request-log-body-bytes": {
      type: "string",
      value: "<n>",
      description: "bytes of each request body the request log keeps (default 65536)",
    },
  },
  examples: [
    "dashscope emulator --port 8787",
    "dashscope emulator --port 0 --time-scale 0.1 --json",
    "dashscope emulator --models ./my-models.mjs --no-builtins --seed 1",
    "dashscope emulator --host 0.0.0.0 --allow-host devbox.local --allow-origin https://app.example:8443",
  ],
  async run({ options, json, signal, print }) {
    // Loaded here: every other command starts faster without the emulator's code.
    const { createEmulator, EMULATOR_TOKEN, loadModels, parseFaultSpec } = await import(
      "@dashscope/emulator"
    );
    const port = numberOption(
      "port",
      options.port,
      (number) => Number.isInteger(number) && number >= 0 && number <= 65535,
      "a port from 0 to 65535",
    );
    const emulatorOptions: EmulatorOptions = { longPoll: !options["no-long-poll"] };
    const timeScale = numberOption(
      "time-scale",
      options["time-scale"],
      (number) => number > 0,
      "a number above 0",
    );
    if (timeScale !== undefined) emulatorOptions.timeScale = timeScale;
    const pageSize = numberOption(
      "page-size",
      options["page-size"],
      (number) => Number.isInteger(number) && number > 0,
      "a whole number above 0",
    );
    if (pageSize !== undefined) emulatorOptions.pageSize = pageSize;
    const seed = numberOption("seed", options.seed, Number.isInteger, "a whole number");
    if (seed !== undefined) emulatorOptions.seed = seed;
    if (typeof options.faults === "string") {
      try {
        parseFaultSpec(options.faults);
      } catch (error) {
        throw new UsageError(`--faults: ${(error as Error).message}`);
      }
      emulatorOptions.faults = options.faults;
    }
    const maxBodyBytes = numberOption(
      "max-body-bytes",
      options["max-body-bytes"],
      (number) => number > 0,
      "a number above 0",
    );
    if (maxBodyBytes !== undefined) emulatorOptions.maxBodyBytes = maxBodyBytes;
    const maxJsonDepth = numberOption(
      "max-json-depth",
      options["max-json-depth"],
      wholeNumber(1),
      "a whole number of 1 or more",
    );
    if (maxJsonDepth !== undefined) emulatorOptions.maxJsonDepth = maxJsonDepth;
    const requestLogLimit = numberOption(
      "request-log-limit",
      options["request-log-limit"],
      wholeNumber(1),
      "a whole number of 1 or more",
    );
    if (requestLogLimit !== undefined) emulatorOptions.requestLogLimit = requestLogLimit;
    const requestLogBodyBytes = numberOption(
      "request-log-body-bytes",
      options["request-log-body-bytes"],
      wholeNumber(0),
      "a whole number of 0 or more",
    );
    if (requestLogBodyBytes !== undefined) emulatorOptions.requestLogBodyBytes = requestLogBodyBytes;
    // Repeated flags arrive as lists; the emulator checks each origin and host name.
    if (Array.isArray(options["allow-origin"])) emulatorOptions.allowedOrigins = options["allow-origin"];
    if (Array.isArray(options["allow-host"])) emulatorOptions.allowedHosts = options["allow-host"];
    if (options["no-builtins"]) emulatorOptions.builtins = false;
    if (typeof options["webhook-secret"] === "string")
      emulatorOptions.webhookSecret = options["webhook-secret"];
    if (options.clock !== undefined) {
      if (options.clock !== "manual" && options.clock !== "real") {
        throw new UsageError(`--clock ${JSON.stringify(options.clock)}: expected manual or real`);
      }
      emulatorOptions.clock = options.clock;
    }
    if (typeof options.models === "string") {
      try {
        emulatorOptions.models = await loadModels(options.models);
      } catch (error) {
        throw new UsageError(`--models ${options.models}: ${(error as Error).message}`);
      }
    }
    let emulator: ReturnType<typeof createEmulator>;
    try {
      emulator = createEmulator(emulatorOptions);
    } catch (error) {
      // A bad --webhook-secret, --allow-origin or --allow-host, or a model named like a built-in one.
      throw new UsageError(inFlags((error as Error).message));
    }
    try {
      const { url } = await emulator.listen(
        port ?? 8787,
        (options.host as string | undefined) ?? "127.0.0.1",
      );
      // One line, so a script reading the output as it comes can parse it.
      if (json) print.text(JSON.stringify({ url, token: EMULATOR_TOKEN }));
      else {
        print.text(`Dashscope emulator listening on ${url} (token: ${EMULATOR_TOKEN})`);
        print.text(`  export DASHSCOPE_BASE_URL=${url} DASHSCOPE_API_TOKEN=${EMULATOR_TOKEN}`);
        print.note("Press Ctrl-C to stop.");
      }
      // Serves until Ctrl-C (or SIGTERM): stopping the emulator is this command's success.
      await new Promise<void>((resolve) => {
        if (!signal || signal.aborted) return resolve();
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    } finally {
      await emulator.close();
    }
    return ExitCode.success;
  },
};
