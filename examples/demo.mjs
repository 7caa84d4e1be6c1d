// The README's demo: starts a local emulator and runs every example against it. No token needed.
import { connect } from "./connect.mjs";
import deploymentPrediction from "./deployment-prediction.mjs";
import fileInput from "./file-input.mjs";
import gradientImage from "./gradient-image.mjs";
import paginatePredictions from "./paginate-predictions.mjs";
import runHelloWorld from "./run-hello-world.mjs";
import streamTokens from "./stream-tokens.mjs";
import trainModel from "./train-model.mjs";
import webhookReceiver from "./webhook-receiver.mjs";

const examples = [
  ["Run a model, with progress", runHelloWorld],
  ["Stream output token by token", streamTokens],
  ["Write an image output to a file", gradientImage],
  ["Send a local file as input", fileInput],
  ["Paginate over predictions", paginatePredictions],
  ["Train a new model version", trainModel],
  ["Predict on a deployment", deploymentPrediction],
  ["Receive and verify a webhook", webhookReceiver],
];

const { dashscope, close } = await connect();
console.log(`Dashscope demo against ${dashscope.baseUrl}\n`);
let failed = 0;
try {
  for (const [title, example] of examples) {
    console.log(`▶ ${title}`);
    try {
      await example(dashscope);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${error.name}: ${error.message}`);
    }
    console.log("");
  }
} finally {
  await close();
}
console.log(failed ? `${failed} example(s) failed` : "All examples ran.");
process.exitCode = failed ? 1 : 0;
