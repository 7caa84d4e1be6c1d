import { sha256Hex } from "../ids";
import { type ModelBehaviour, objectSchema } from "../model-behaviour";
import { textEcho } from "./text-echo";

const STEP_MILLISECONDS = 100;

/** The trainable model: a training "learns" for `steps` and leaves a new version of its destination. */
export const tinyTrainer: ModelBehaviour = {
  ...textEcho,
  training: {
    input: objectSchema("TrainingInput", {
      steps: {
        type: "integer",
        description: "Training steps to run.",
        default: 10,
        minimum: 1,
        maximum: 1000,
      },
      data: { type: "string", description: "Training data: any text or URL; it is only hashed." },
    }),
    output: {
      type: "object",
      title: "TrainingOutput",
      properties: { version: { type: "string" }, weights: { type: "string", format: "uri" } },
      required: ["version", "weights"],
    },
    async run(context) {
      const steps = Number(context.input.steps);
      const data = typeof context.input.data === "string" ? context.input.data : "";
      context.log(`training for ${steps} steps`);
      for (let step = 1; step <= steps; step++) {
        await context.sleep(STEP_MILLISECONDS);
        context.log(`step ${step}/${steps} loss=${(1 / (step + 1)).toFixed(4)}`);
      }
      const weights = JSON.stringify({ steps, data_sha256: sha256Hex(data) });
      const weightsUrl = context.storeFile(
        new TextEncoder().encode(weights),
        "application/json",
        "weights.json",
      );
      return { version: context.createTrainedVersion(textEcho), weights: weightsUrl };
    },
  },
};
