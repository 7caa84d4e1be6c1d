import { type ModelBehaviour, objectSchema } from "../model-behaviour";

/** `text` → `"hello " + text`: the smallest model, for the README and the simplest tests. */
export const helloWorld: ModelBehaviour = {
  input: objectSchema("Input", { text: { type: "string", description: "Who to greet." } }, ["text"]),
  output: { type: "string", title: "Output" },
  canStream: false,
  startupMilliseconds: 100,
  async run(context) {
    const text = String(context.input.text);
    context.log(`saying hello to ${text}`);
    await context.sleep(300);
    return `hello ${text}`;
  },
};
