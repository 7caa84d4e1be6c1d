import { type ModelBehaviour, objectSchema } from "../model-behaviour";

/** What a version made by tiny-trainer runs: it answers its `text` input unchanged. */
export const textEcho: ModelBehaviour = {
  input: objectSchema("Input", { text: { type: "string", description: "Text to echo." } }, ["text"]),
  output: { type: "string", title: "Output" },
  canStream: false,
  startupMilliseconds: 100,
  async run(context) {
    context.log("echoing text");
    await context.sleep(200);
    return String(context.input.text);
  },
};
