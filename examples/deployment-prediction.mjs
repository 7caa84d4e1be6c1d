// Run a prediction on a deployment (a fixed endpoint for a model version), then wait for it.
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function deploymentPrediction(dashscope) {
  const deployment = await dashscope.deployments.get("dashscope", "hello");
  console.log(
    `  deployment ${deployment.owner}/${deployment.name} serves ${deployment.current_release.model}`,
  );
  let prediction = await dashscope.deployments.predictions.create("dashscope", "hello", {
    input: { text: "Bob" },
  });
  prediction = await dashscope.wait(prediction);
  console.log(`  output: ${JSON.stringify(prediction.output)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(deploymentPrediction);
