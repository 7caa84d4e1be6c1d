// Stream a model's output over server-sent events and print it token by token.
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function streamTokens(dashscope) {
  process.stdout.write("  ");
  const input = { prompt: "Streaming prints each token the moment the model produces it.", delay_ms: 40 };
  for await (const event of dashscope.stream("dashscope/echo-stream", { input })) {
    process.stdout.write(String(event));
  }
  process.stdout.write("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(streamTokens);
