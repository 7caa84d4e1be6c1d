// Walk every page of a list, following the server's `next` links.
import { pathToFileURL } from "node:url";
import { runAlone } from "./connect.mjs";

export default async function paginatePredictions(dashscope) {
  let pages = 0;
  let predictions = 0;
  for await (const page of dashscope.paginate(dashscope.predictions.list)) {
    pages++;
    predictions += page.length;
  }
  console.log(`  ${predictions} predictions on ${pages} page(s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(paginatePredictions);
