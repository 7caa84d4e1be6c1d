// One client's own work per `run`, with no network: `node client-instructions-child.mjs <client> <runs>`
// runs `runs` predictions, 100 at a time, through a `fetch` that answers at once, in this process, with
// the final state of a hello-world prediction. Both clients get the same answer, made the same way.
import { createClient } from "@dashscope/core";
import { run } from "@dashscope/predictions";
import Replicate from "replicate";

const [name, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const BATCH = 100;
const baseUrl = "http://127.0.0.1:9/v1";
const answer = JSON.stringify({
  id: "ufawqhfynnddngldkgtslldrkq",
  model: "dashscope/hello-world",
  version: "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
  input: { text: "run" },
  output: "hello run",
  logs: "",
  error: null,
  status: "succeeded",
  created_at: "2026-12-08T00:00:00.000Z",
  started_at: "2026-12-08T00:00:00.000Z",
  completed_at: "2026-12-08T00:00:00.040Z",
  urls: {
    get: `${baseUrl}/predictions/ufawqhfynnddngldkgtslldrkq`,
    cancel: `${baseUrl}/predictions/ufawqhfynnddngldkgtslldrkq/cancel`,
  },
  metrics: { predict_time: 0.04 },
});
const fetch = async () =>
  new Response(answer, { status: 201, headers: { "content-type": "application/json" } });

let runOne;
if (name === "dashscope") {
  const client = createClient({ auth: "emulator-token", baseUrl, fetch });
  runOne = (input) => run(client, "dashscope/hello-world", { input });
} else if (name === "replicate") {
  const replicate = new Replicate({ auth: "emulator-token", baseUrl, fetch });
  runOne = (input) => replicate.run("dashscope/hello-world", { input });
} else {
  throw new Error(`Unknown client "${name}"`);
}
for (let done = 0; done < runs; done += BATCH) {
  const outputs = await Promise.all(
    Array.from({ length: Math.min(BATCH, runs - done) }, (_, index) =>
      runOne({ text: `run ${done + index}` }),
    ),
  );
  if (outputs.some((output) => output !== "hello run"))
    throw new Error(`${name}: a run gave the wrong output`);
}
