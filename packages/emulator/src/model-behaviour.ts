import type { JsonSchema } from "./schema-validation";

/** What a running model can do; the lifecycle supplies it, bound to one run. */
export interface RunContext {
  /** The prediction's (or training's) id. */
  readonly id: string;
  /** The validated input with schema defaults filled in. */
  readonly input: Record<string, unknown>;
  /** Aborted when the run is canceled or the emulator closes. */
  readonly signal: AbortSignal;
  /** Waits model time (scaled by the emulator's time scale); rejects once the run is canceled. */
  sleep(modelMilliseconds: number): Promise<void>;
  log(line: string): void;
  /** Logs a tqdm-style progress line, timed from when the run started processing. */
  progress(current: number, total: number): void;
  /** Streams one piece of output (an SSE `output` event); the output is the array of pieces so far. */
  emitOutput(piece: unknown): void;
  /** Serves bytes from the emulator and answers their URL (a capability URL: no token needed). */
  storeFile(bytes: Uint8Array, contentType: string, filename: string): string;
  /** Reads an input file: a data: URI, a URL this emulator serves, or another loopback http(s) URL. */
  readFile(url: string): Promise<{ bytes: Uint8Array; contentType: string }>;
}

export interface TrainingContext extends RunContext {
  /**
   * Adds a version that runs `behaviour` to the training's destination model (creating the model if
   * needed); answers `owner/name:versionId`.
   */
  createTrainedVersion(behaviour: ModelBehaviour): string;
}

/** Thrown by a model to end its run as `failed` with this message as the prediction's `error`. */
export class ModelFailure extends Error {
  override readonly name = "ModelFailure";
}

export interface ModelBehaviour {
  input: JsonSchema;
  output: JsonSchema;
  /** Further `components.schemas` of the version, which the input's `$ref`s may point at. */
  schemas?: Readonly<Record<string, JsonSchema>>;
  /** Whether `stream: true` gives the prediction a `urls.stream`. */
  canStream: boolean;
  /** Model time a run spends in `starting` before it starts processing. */
  startupMilliseconds: number;
  run(context: RunContext): Promise<unknown>;
  /** Present on trainable models. */
  training?: {
    input: JsonSchema;
    output: JsonSchema;
    run(context: TrainingContext): Promise<unknown>;
  };
}

/** "delay_ms" → "Delay Ms", the title Cog gives an input. */
function titleOf(name: string): string {
  return name
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/** An `Input`-style object schema whose properties carry Cog's `title` and `x-order`. */
export function objectSchema(
  title: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  const ordered: Record<string, JsonSchema> = {};
  Object.entries(properties).forEach(([name, schema], index) => {
    ordered[name] = { title: titleOf(name), "x-order": index, ...schema };
  });
  return { type: "object", title, properties: ordered, required };
}
