import { type ModelBehaviour, ModelFailure, objectSchema } from "../model-behaviour";

/**
 * Splits a prompt into words that keep their trailing whitespace (leading whitespace stays with the
 * first word), so the tokens joined give back the prompt exactly: `"a b  c"` → `["a ", "b  ", "c"]`.
 */
export function splitTokens(prompt: string): string[] {
  if (prompt === "") return [];
  return prompt.match(/\s*\S+\s*/g) ?? [prompt];
}

/** Streams the prompt back one token at a time: the model for SSE tests. */
export const echoStream: ModelBehaviour = {
  input: objectSchema(
    "Input",
    {
      prompt: { type: "string", description: "Text to stream back, one word at a time." },
      delay_ms: {
        type: "integer",
        description: "Model time between tokens, in milliseconds.",
        default: 100,
        minimum: 0,
        maximum: 60_000,
      },
      fail_after: {
        type: "integer",
        description: "Fail (an SSE error event) after streaming this many tokens.",
        minimum: 0,
      },
    },
    ["prompt"],
  ),
  output: { type: "array", title: "Output", items: { type: "string" } },
  canStream: true,
  startupMilliseconds: 100,
  async run(context) {
    const tokens = splitTokens(String(context.input.prompt));
    const delay = Number(context.input.delay_ms);
    const failAfter = typeof context.input.fail_after === "number" ? context.input.fail_after : null;
    context.log(`streaming ${tokens.length} tokens`);
    for (const [index, token] of tokens.entries()) {
      if (index === failAfter) throw new ModelFailure(`failed after ${failAfter} tokens, as asked`);
      await context.sleep(delay);
      context.emitOutput(token);
    }
    if (failAfter !== null && failAfter >= tokens.length) {
      throw new ModelFailure(`failed after ${tokens.length} tokens, as asked`);
    }
    return tokens;
  },
};
