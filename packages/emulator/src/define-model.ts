import { NAME_PATTERN } from "./names";
import { inputValidator, type JsonSchema } from "./schema-validation";
import { isUri } from "./uri";

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
  /**
   * Further schemas of the version's `components.schemas`, which `input` may point at with
   * `$ref: "#/components/schemas/<name>"`: Cog writes each choice this way, as
   * `allOf: [{ $ref: "#/components/schemas/scheduler" }]` with `scheduler: { enum: [...] }` here.
   */
  schemas?: Record<string, JsonSchema>;
  /** A JSON Schema: the version's `Output` (documentation; outputs are not checked against it). */
  output?: JsonSchema;
  /** Whether predictions get `urls.stream`; default: whether `run` is an async generator function. */
  stream?: boolean;
  /** Makes the model trainable: a function like `run` answering the weights, or `{ input, run }`. */
  train?: ModelTrainRun | ModelTraining;
  /** Hardware SKU shown on the model; default "cpu". */
  hardware?: string;
  /** The model's `cover_image_url`: an absolute http(s) URL. */
  coverImageUrl?: string;
  /**
   * The model's `default_example`: a prediction-like object with at least an `input` object (and
   * usually its `output`); the fields a prediction has and this lacks are filled in when served.
   * Without one, `default_example` is null, as on the service.
   */
  defaultExample?: ModelExample;
  /** More examples for `GET /models/{owner}/{name}/examples` (which lists the default example first). */
  examples?: readonly ModelExample[];
  /** Markdown for `GET /models/{owner}/{name}/readme`; without it that route answers 404. */
  readme?: string;
  /**
   * The version id an app has pinned (`owner/name:<id>`): 64 lowercase hex characters. Default: an
   * id derived from the owner and name, the same on every run.
   */
  version?: string;
  run: ModelRun<Input>;
}

/** A saved example of a model: a prediction-like object with at least its `input`. */
export interface ModelExample {
  input: Record<string, unknown>;
  output?: unknown;
  [field: string]: unknown;
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
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  readonly stream: boolean;
  readonly train: { readonly input: JsonSchema; readonly run: ModelTrainRun } | null;
  readonly coverImageUrl: string | null;
  readonly defaultExample: ModelExample | null;
  readonly examples: readonly ModelExample[];
  readonly readme: string | null;
  /** The pinned version id, or null for the derived one. */
  readonly version: string | null;
  readonly run: ModelRun<Record<string, unknown>>;
}

/** The `components.schemas` that `defineModel` writes from its own options. */
const SCHEMAS_FROM_OPTIONS = {
  Input: "input",
  Output: "output",
  TrainingInput: "train.input",
  TrainingOutput: "train",
} as const;

const VERSION_ID = /^[0-9a-f]{64}$/;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return (protocol === "http:" || protocol === "https:") && isUri(value);
  } catch {
    return false;
  }
}

function isExample(value: unknown): value is ModelExample {
  const isObject = (candidate: unknown) =>
    typeof candidate === "object" && candidate !== null && !Array.isArray(candidate);
  return isObject(value) && isObject((value as ModelExample).input);
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
  const {
    owner,
    name,
    description,
    input,
    output,
    schemas = {},
    stream,
    train,
    hardware = "cpu",
    run,
  } = options;
  const { coverImageUrl, defaultExample, examples = [], readme, version } = options;
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
  if (typeof schemas !== "object" || schemas === null || Array.isArray(schemas)) {
    fail(`${label}: \`schemas\` must be an object of JSON Schemas by name.`);
  }
  for (const [reserved, option] of Object.entries(SCHEMAS_FROM_OPTIONS)) {
    if (Object.hasOwn(schemas, reserved)) {
      fail(`${label}: \`schemas\` cannot define ${reserved}; it comes from \`${option}\`.`);
    }
  }
  if (stream !== undefined && typeof stream !== "boolean") fail(`${label}: \`stream\` must be a boolean.`);
  if (description !== undefined && typeof description !== "string") {
    fail(`${label}: \`description\` must be a string.`);
  }
  if (typeof hardware !== "string") fail(`${label}: \`hardware\` must be a SKU such as "cpu".`);
  if (coverImageUrl !== undefined && !isHttpUrl(coverImageUrl)) {
    fail(`${label}: \`coverImageUrl\` must be an absolute http(s) URL.`);
  }
  if (defaultExample !== undefined && !isExample(defaultExample)) {
    fail(`${label}: \`defaultExample\` must be a prediction-like object with an \`input\` object.`);
  }
  if (!Array.isArray(examples) || !examples.every(isExample)) {
    fail(
      `${label}: \`examples\` must be an array of prediction-like objects, each with an \`input\` object.`,
    );
  }
  if (readme !== undefined && typeof readme !== "string") fail(`${label}: \`readme\` must be Markdown text.`);
  if (version !== undefined && (typeof version !== "string" || !VERSION_ID.test(version))) {
    fail(
      `${label}: \`version\` must be a version id, 64 lowercase hexadecimal characters (got ${JSON.stringify(version)}).`,
    );
  }
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
    schemas: { ...schemas },
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
    coverImageUrl: coverImageUrl ?? null,
    defaultExample: defaultExample ? structuredClone(defaultExample) : null,
    examples: Object.freeze(examples.map((example) => structuredClone(example))),
    readme: readme ?? null,
    version: version ?? null,
    run: run as ModelRun<Record<string, unknown>>,
  };
  // Compiled now, so a schema the emulator cannot validate with is reported where the model is defined.
  for (const [part, schema] of [
    ["input", definition.input],
    ["train.input", definition.train?.input],
  ] as const) {
    if (!schema) continue;
    try {
      inputValidator({ input: schema, schemas: definition.schemas });
    } catch (error) {
      fail(
        `${label}: \`${part}\` is not a JSON Schema the emulator can check inputs with: ${(error as Error).message}`,
      );
    }
  }
  return Object.freeze(definition);
}

export function isModelDefinition(value: unknown): value is ModelDefinition {
  return typeof value === "object" && value !== null && (value as ModelDefinition)[MODEL_MARK] === true;
}
