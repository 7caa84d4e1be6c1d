// Receive a webhook on a local server and verify its signature before trusting it.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { validateWebhook } from "dashscope";
import { runAlone } from "./connect.mjs";

export default async function webhookReceiver(dashscope) {
  const { key: secret } = await dashscope.webhooks.default.secret.get();
  let resolveCompleted;
  const completed = new Promise((resolve) => {
    resolveCompleted = resolve;
  });
  const server = createServer(async (incoming, response) => {
    const chunks = [];
    for await (const chunk of incoming) chunks.push(chunk);
    const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
      method: "POST",
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    });
    const valid = await validateWebhook(request, secret);
    response.writeHead(valid ? 204 : 401).end();
    const prediction = await request.json();
    console.log(`  webhook: ${prediction.status}, signature ${valid ? "valid" : "INVALID"}`);
    if (valid && prediction.status === "succeeded") resolveCompleted(prediction);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await dashscope.predictions.create({
      model: "dashscope/hello-world",
      input: { text: "webhook" },
      webhook: `http://127.0.0.1:${server.address().port}/hooks/dashscope`,
      webhook_events_filter: ["start", "completed"],
    });
    const prediction = await completed;
    console.log(`  verified output: ${JSON.stringify(prediction.output)}`);
  } finally {
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone(webhookReceiver);
