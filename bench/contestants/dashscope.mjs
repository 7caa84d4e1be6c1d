// Our client, through the area functions a size-conscious user imports (the `Dashscope` class wires
// the very same functions).
import { createClient } from "@dashscope/core";
import { run } from "@dashscope/predictions";

export const name = "dashscope";

/** @param {string} baseUrl @param {{ token: string }} options */
export function connect(baseUrl, { token }) {
  const client = createClient({ auth: token, baseUrl });
  return {
    /** Resolves with the output; `progress` sees the prediction as it is created and updated. */
    run: (model, input, progress) => run(client, model, { input }, progress),
    /** Resolves with the async iterable of events. Imported on use, so a child that only runs stays lean. */
    openStream: async (model, input, signal) => {
      const { stream } = await import("@dashscope/stream");
      return stream(client, model, { input, signal });
    },
  };
}
