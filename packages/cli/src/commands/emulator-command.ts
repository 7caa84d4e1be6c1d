import type { EmulatorOptions } from "@dashscope/emulator";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { UsageError } from "../usage-error";

function numberOption(
  name: string,
  value: string | boolean | undefined,
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
  },
  examples: [
    "dashscope emulator --port 8787",
    "dashscope emulator --port 0 --time-scale 0.1 --json",
    "dashscope emulator --models ./my-models.mjs --no-builtins --seed 1",
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
      // A bad --webhook-secret, or a model named like a built-in one.
      throw new UsageError((error as Error).message);
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
