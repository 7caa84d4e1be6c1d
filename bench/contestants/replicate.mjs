// The `replicate` npm package, pointed at the same server: it speaks the same HTTP API.
import Replicate from "replicate";

export const name = "replicate";

/** @param {string} baseUrl @param {{ token: string }} options */
export function connect(baseUrl, { token }) {
  const replicate = new Replicate({ auth: token, baseUrl });
  return {
    run: (model, input, progress) => replicate.run(model, { input }, progress),
    // replicate 1.4 expects every prediction of a streaming model to carry `urls.stream`; the Dashscope
    // API gives one only to a prediction created with `stream: true`, so the flag is passed as a body field.
    openStream: async (model, input, signal) => replicate.stream(model, { input, stream: true, signal }),
  };
}
