import type { ModelDefinition, ModelRunContext, TrainedWeights } from "../define-model";
import { HttpProblem } from "../http-problem";
import type { ModelBehaviour, RunContext, TrainingContext } from "../model-behaviour";
import type { JsonSchema } from "../schema-validation";

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "audio/wav": "wav",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
  "application/json": "json",
  "text/plain": "txt",
};

function toBytes(content: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

/** What a user's model sees: the lifecycle's context, in the shape `defineModel` documents. */
function userContext(context: RunContext, weights: string | null): ModelRunContext {
  let files = 0;
  return {
    id: context.id,
    signal: context.signal,
    weights,
    log: (line) => context.log(String(line)),
    progress: (current, total) => context.progress(current, total),
    sleep: (milliseconds) => context.sleep(milliseconds),
    file: (content, contentType = "application/octet-stream") => {
      const extension = EXTENSIONS[contentType.split(";")[0]?.trim().toLowerCase() ?? ""] ?? "bin";
      return context.storeFile(toBytes(content), contentType, `out-${files++}.${extension}`);
    },
  };
}

/**
 * Runs a user's `run`: an async function's result is the output; an async generator's yields are
 * streamed one by one and collected as the output list. A cancel stops the generator.
 */
async function runUserModel(
  definition: ModelDefinition,
  context: RunContext,
  weights: string | null,
): Promise<unknown> {
  const result = definition.run(context.input, userContext(context, weights));
  if (!isAsyncIterable(result)) {
    const output = (await result) ?? null;
    // A streaming model that answers at once still gives its stream the output.
    if (definition.stream && output !== null) context.emitOutput(output);
    return output;
  }
  const outputs: unknown[] = [];
  const iterator = result[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (!context.signal.aborted) {
      const step = await iterator.next();
      if (step.done) {
        finished = true;
        break;
      }
      outputs.push(step.value);
      context.emitOutput(step.value);
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
  return outputs;
}

const TRAINING_OUTPUT: JsonSchema = {
  type: "object",
  title: "TrainingOutput",
  properties: { version: { type: "string" }, weights: { type: "string", format: "uri" } },
  required: ["version", "weights"],
};

async function trainUserModel(
  definition: ModelDefinition,
  context: TrainingContext,
): Promise<{ version: string; weights: string | null }> {
  const training = definition.train;
  if (!training) throw new HttpProblem(400, "This model cannot be trained.");
  const user = userContext(context, null);
  const trained: TrainedWeights = await training.run(context.input, user);
  const weights =
    trained === undefined || trained === null
      ? null
      : typeof trained === "string"
        ? trained
        : context.storeFile(toBytes(trained), "application/octet-stream", "weights.bin");
  const version = context.createTrainedVersion(userModelBehaviour(definition, weights));
  return { version, weights };
}

/** The emulator's view of a model from `defineModel`, for one version (with its trained weights, if any). */
export function userModelBehaviour(
  definition: ModelDefinition,
  weights: string | null = null,
): ModelBehaviour {
  const training = definition.train;
  return {
    input: definition.input,
    output: definition.output,
    schemas: definition.schemas,
    canStream: definition.stream,
    startupMilliseconds: 0,
    run: (context) => runUserModel(definition, context, weights),
    ...(training
      ? {
          training: {
            input: training.input,
            output: TRAINING_OUTPUT,
            run: (context: TrainingContext) => trainUserModel(definition, context),
          },
        }
      : {}),
  };
}
