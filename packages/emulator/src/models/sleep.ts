import { type ModelBehaviour, ModelFailure, objectSchema } from "../model-behaviour";

/** Sleeps, or fails on request: the model for waiting, canceling and failure tests. */
export const sleep: ModelBehaviour = {
  input: objectSchema(
    "Input",
    {
      seconds: { type: "number", description: "Model time to sleep, in seconds.", minimum: 0, maximum: 3600 },
      fail: { type: "boolean", description: "End as failed instead of succeeding.", default: false },
      message: { type: "string", description: "The error of a failed run.", default: "failed as asked" },
    },
    ["seconds"],
  ),
  output: { type: "string", title: "Output" },
  canStream: false,
  startupMilliseconds: 100,
  async run(context) {
    const seconds = Number(context.input.seconds);
    context.log(`sleeping for ${seconds} seconds`);
    await context.sleep(seconds * 1000);
    if (context.input.fail === true) {
      context.log("failing as asked");
      throw new ModelFailure(String(context.input.message));
    }
    return `slept ${seconds}`;
  },
};
