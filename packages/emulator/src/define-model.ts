import { NAME_PATTERN } from "./names";
import type { JsonSchema } from "./schema-validation";

/** Marks a model made by `defineModel`; a global symbol, so a model defined with another copy of this package is still one. */
const MODEL_MARK = Symbol.for("@dashscope/emulator.model");

/** What `run` (and `train`) get besides the input. */
export interface ModelRunContext {
  /** The prediction's (or training's) id. */
  readonly id: string;
  /** Aborted when the prediction is canceled (or the emulator closes or resets). */
  readonly signal: AbortSignal;
  /** For a version made by a training: the weights that training gave; otherwise null. */
  readonly weights: string | null;
  /** Appends a line to the prediction's `logs` (and sends a `logs` event on its stream). */
  log(line: string): void;
  /** Logs a tqdm-style progress line (`  40%|████      | 4/10 [00:01<00:01, 3.9it/s]`). */
  progress(current: number, total: number): void;
  /** Serves the bytes from the emulator and answers their URL, to return as (part of) the output. */
  file(content: Uint8Array | ArrayBuffer | string, contentType?: string): string;
  /** Waits in the emulator's time: scaled by `timeScale`, stepped by a manual clock, ended by a cancel. */
  sleep(milliseconds: number): Promise<void>;
}

/**
 * A model's `run`: an async function whose result is the output, or an async generator whose yields
 * are streamed as `output` events and collected as the output list.
 */
export type ModelRun<Input> = (
  input: Input,
  context: ModelRunContext,
) => Promise<unknown> | AsyncIterable<unknown> | unknown;

/** What a training answers: the weights as a URL (from `context.file`), or bytes to serve as the weights file. */
export type TrainedWeights = string | Uint8Array | ArrayBuffer | null | undefined;

export type ModelTrainRun = (
  input: Record<string, unknown>,
  context: ModelRunContext,
) => Promise<TrainedWeights> | TrainedWeights;

export interface ModelTraining {
  /** The JSON Schema of the training input (`TrainingInput`); default: any object. */
  input?: JsonSchema;
  run: ModelTrainRun;
}

// biome-ignore lint/suspicious/noExplicitAny: a model without a typed input takes any fields, as JSON does.
export interface ModelDefinitionOptions<Input = Record<string, any>> {
  owner: string;
  name: string;
  description?: string;
  /** A JSON Schema of an object: the version's `Input`, against which every prediction is validated. */
  input: JsonSchema;
  /** A JSON Schema: the version's `Output` (documentation; outputs are not checked against it). */
  output?: JsonSchema;
  /** Whether predictions get `urls.stream`; default: whether `run` is an async generator function. */
  stream?: boolean;
  /** Makes the model trainable: a function like `run` answering the weights, or `{ input, run }`. */
  train?: ModelTrainRun | ModelTraining;
  /** Hardware SKU shown on the model; default "cpu". */
  hardware?: string;
  run: ModelRun<Input>;
}

/** A model ready for `createEmulator({ models })`. */
export interface ModelDefinition {
  readonly [MODEL_MARK]: true;
  readonly owner: string;
  readonly name: string;
  readonly description: string | null;
  readonly hardware: string;
  readonly input: JsonSchema;
  readonly output: JsonSchema;
  readonly stream: boolean;
  readonly train: { readonly input: JsonSchema; readonly run: ModelTrainRun } | null;
  readonly run: ModelRun<Record<string, unknown>>;
}

function isObjectSchema(value: unknown): value is JsonSchema {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    ((value as JsonSchema).type === undefined || (value as JsonSchema).type === "object")
  );
}

function isAsyncGeneratorFunction(run: unknown): boolean {
  return typeof run === "function" && run.constructor?.name === "AsyncGeneratorFunction";
}

/** Defines a model the emulator serves like a built-in one. Throws a `TypeError` naming what is wrong. */
// biome-ignore lint/suspicious/noExplicitAny: see ModelDefinitionOptions.
export function defineModel<Input = Record<string, any>>(
  options: ModelDefinitionOptions<Input>,
): ModelDefinition {
  if (isModelDefinition(options)) return options;
  const fail = (message: string): never => {
    throw new TypeError(`defineModel: ${message}`);
  };
  if (typeof options !== "object" || options === null) fail("expected an object of options.");
  const { owner, name, description, input, output, stream, train, hardware = "cpu", run } = options;
  for (const [field, value] of [
    ["owner", owner],
    ["name", name],
  ] as const) {
    if (typeof value !== "string" || !NAME_PATTERN.test(value)) {
      fail(`\`${field}\` must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(value)}).`);
    }
  }
  const label = `${owner}/${name}`;
  if (typeof run !== "function") fail(`${label}: \`run\` must be a function.`);
  if (!isObjectSchema(input)) fail(`${label}: \`input\` must be a JSON Schema of an object.`);
  if (output !== undefined && (typeof output !== "object" || output === null)) {
    fail(`${label}: \`output\` must be a JSON Schema.`);
  }
  if (stream !== undefined && typeof stream !== "boolean") fail(`${label}: \`stream\` must be a boolean.`);
  if (description !== undefined && typeof description !== "string") {
    fail(`${label}: \`description\` must be a string.`);
  }
  if (typeof hardware !== "string") fail(`${label}: \`hardware\` must be a SKU such as "cpu".`);
  const training =
    train === undefined
      ? null
      : typeof train === "function"
        ? { input: { type: "object" } as JsonSchema, run: train }
        : typeof train === "object" && train !== null && typeof train.run === "function"
          ? { input: train.input ?? { type: "object" }, run: train.run }
          : fail(`${label}: \`train\` must be a function or { input, run }.`);
  if (training && !isObjectSchema(training.input)) {
    fail(`${label}: \`train.input\` must be a JSON Schema of an object.`);
  }
  const streams = stream ?? isAsyncGeneratorFunction(run);
  const definition: ModelDefinition = {
    [MODEL_MARK]: true as const,
    owner,
    name,
    description: description ?? null,
    hardware,
    input: { type: "object", title: "Input", ...input },
    output: output
      ? { title: "Output", ...output }
      : isAsyncGeneratorFunction(run)
        ? { type: "array", title: "Output", items: {}, "x-cog-array-type": "iterator" }
        : { title: "Output" },
    stream: streams,
    train: training && {
      input: { type: "object", title: "TrainingInput", ...training.input },
      run: training.run,
    },
    run: run as ModelRun<Record<string, unknown>>,
  };
  return Object.freeze(definition);
}

export function isModelDefinition(value: unknown): value is ModelDefinition {
  return typeof value === "object" && value !== null && (value as ModelDefinition)[MODEL_MARK] === true;
}
