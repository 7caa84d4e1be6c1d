// Run an image model and write its output file to disk, following the progress in its logs.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseProgressFromLogs } from "dashscope";
import { runAlone } from "./connect.mjs";

export default async function gradientImage(dashscope) {
  const [url] = await dashscope.run(
    "dashscope/gradient",
    { input: { width: 256, height: 64 } },
    (prediction) => {
      const progress = parseProgressFromLogs(prediction);
      if (progress)
        console.log(`  ${Math.round(progress.percentage * 100)}% (${progress.current}/${progress.total})`);
    },
  );
  const response = await fetch(url);
  const directory = join(process.cwd(), "outputs");
  await mkdir(directory, { recursive: true });
  const path = join(directory, "gradient.png");
  await writeFile(path, new Uint8Array(await response.arrayBuffer()));
  console.log(`  wrote ${path} from ${url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(gradientImage);
