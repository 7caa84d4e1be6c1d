// Run a model and wait for its output, watching the prediction as it goes.
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function runHelloWorld(dashscope) {
  const output = await dashscope.run("dashscope/hello-world", { input: { text: "Alice" } }, (prediction) => {
    console.log(`  progress: ${prediction.id} is ${prediction.status}`);
  });
  console.log(`  output: ${JSON.stringify(output)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(runHelloWorld);
