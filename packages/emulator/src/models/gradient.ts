import { type ModelBehaviour, objectSchema } from "../model-behaviour";
import { gradientPng } from "../png";
import { tqdmLine } from "./tqdm-line";

const STEPS = 10;
const STEP_MILLISECONDS = 200;

/** An "image model": renders a real PNG, served by the emulator, logging tqdm progress as it goes. */
export const gradient: ModelBehaviour = {
  input: objectSchema("Input", {
    width: {
      type: "integer",
      description: "Image width in pixels.",
      default: 256,
      minimum: 1,
      maximum: 1024,
    },
    height: {
      type: "integer",
      description: "Image height in pixels.",
      default: 256,
      minimum: 1,
      maximum: 1024,
    },
  }),
  output: { type: "array", title: "Output", items: { type: "string", format: "uri" } },
  canStream: false,
  startupMilliseconds: 100,
  async run(context) {
    const width = Number(context.input.width);
    const height = Number(context.input.height);
    context.log(`rendering a ${width}x${height} gradient`);
    for (let step = 0; step <= STEPS; step++) {
      if (step > 0) await context.sleep(STEP_MILLISECONDS);
      context.log(tqdmLine(step, STEPS, STEP_MILLISECONDS / 1000));
    }
    return [context.storeFile(gradientPng(width, height), "image/png", "out-0.png")];
  },
};
