// Fine-tune a model: the training creates a new version of the destination model.
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function trainModel(dashscope) {
  const trainer = await dashscope.models.get("dashscope", "tiny-trainer");
  let training = await dashscope.trainings.create("dashscope", "tiny-trainer", trainer.latest_version.id, {
    destination: "dashscope/my-tiny-model",
    input: { steps: 5 },
  });
  console.log(`  training ${training.id} is ${training.status}`);
  training = await dashscope.trainings.wait(training);
  // The output names the new version as `owner/name:version`, ready for `run`.
  console.log(`  training ${training.status}: new version ${training.output.version.slice(0, 40)}…`);
  const output = await dashscope.run(training.output.version, { input: { text: "trained!" } });
  console.log(`  the new version says ${JSON.stringify(output)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(trainModel);
