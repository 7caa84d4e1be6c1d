// Pass a local file as a model input: the client sends it as a data URI (or uploads it).
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function fileInput(dashscope) {
  const bytes = await readFile(new URL("./assets/dashscope.png", import.meta.url));
  // A Buffer works as it is; a Blob also says what type of file it is.
  const image = new Blob([bytes], { type: "image/png" });
  const output = await dashscope.run("dashscope/image-info", { input: { image } });
  console.log(`  ${output.content_type}, ${output.bytes} bytes, sha256 ${output.sha256.slice(0, 16)}…`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(fileInput);
