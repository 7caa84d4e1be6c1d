// The smoke test every runtime runs, unchanged: Node, Bun, Deno, workerd and Chromium. Web-standard APIs
// only (fetch, Request, crypto.subtle, TextEncoder, btoa), so what passes here passes for users there.
// Each runtime gets it bundled by esbuild; in Chromium, @dashscope/core and @dashscope/predictions stay
// external and load as their own ESM builds.
import { createClient } from "@dashscope/core";
import { run } from "@dashscope/predictions";
import Dashscope, { isPredictionFailedError, PredictionFailedError, validateWebhook } from "dashscope";

const STEP_TIMEOUT_MS = 20_000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Signs a webhook the Standard Webhooks way, as the server would, with Web Crypto. */
async function sign(secret, id, timestamp, body) {
  const keyBytes = Uint8Array.from(atob(secret.slice("whsec_".length)), (character) =>
    character.charCodeAt(0),
  );
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}

function steps(dashscope, client, runtime) {
  return {
    "create client": async () => {
      check(dashscope instanceof Dashscope && typeof client.baseUrl === "string", "no client");
      return dashscope.baseUrl;
    },
    "run hello-world": async () => {
      const output = await dashscope.run("dashscope/hello-world", {
        input: { text: runtime },
        signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
      });
      check(output === `hello ${runtime}`, `answered ${JSON.stringify(output)}`);
      return output;
    },
    "run (@dashscope/predictions)": async () => {
      const output = await run(client, "dashscope/hello-world", { input: { text: "functions" } });
      check(output === "hello functions", `answered ${JSON.stringify(output)}`);
      return output;
    },
    "stream echo-stream": async () => {
      let text = "";
      let events = 0;
      for await (const event of dashscope.stream("dashscope/echo-stream", {
        input: { prompt: "tokens from a stream", delay_ms: 1 },
      })) {
        text += String(event);
        events++;
      }
      check(text === "tokens from a stream", `streamed ${JSON.stringify(text)}`);
      return `${events} events`;
    },
    paginate: async () => {
      // The emulator serves 2 items a page, so this walks several pages; bounded to 5 of them.
      const ids = new Set();
      let items = 0;
      let pages = 0;
      for await (const page of dashscope.paginate(dashscope.predictions.list)) {
        for (const prediction of page) ids.add(prediction.id);
        items += page.length;
        if (++pages === 5) break;
      }
      check(pages >= 2, `only ${pages} page(s)`);
      check(ids.size === items, `${items} predictions listed, ${ids.size} distinct`);
      return `${pages} pages, ${items} predictions`;
    },
    "failing model rejects": async () => {
      try {
        await dashscope.run("dashscope/sleep", {
          input: { seconds: 0, fail: true, message: "planned failure" },
        });
      } catch (error) {
        check(error instanceof PredictionFailedError, `rejected with ${error?.name}: ${error?.message}`);
        check(isPredictionFailedError(error), "isPredictionFailedError does not recognise it");
        check(error.message.includes("planned failure"), `message ${JSON.stringify(error.message)}`);
        return error.name;
      }
      throw new Error("a failing model resolved");
    },
    validateWebhook: async () => {
      const { key } = await dashscope.webhooks.default.secret.get();
      const id = `msg_${runtime.replace(/\W/g, "")}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const body = JSON.stringify({ id: "p1", status: "succeeded", output: "hello" });
      const signature = await sign(key, id, timestamp, body);
      const request = (text) =>
        new Request("https://example.test/webhook", {
          method: "POST",
          headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
          body: text,
        });
      check((await validateWebhook(request(body), key)) === true, "a correctly signed webhook is refused");
      check((await validateWebhook(request(`${body} `), key)) === false, "a changed body is accepted");
      return "signed, verified, tamper refused";
    },
  };
}

/**
 * Runs every step against the emulator at `baseUrl` and answers each step's result; never throws, so a
 * runtime always reports which steps passed.
 */
export async function smoke({ baseUrl, token, runtime }) {
  const results = [];
  let dashscope;
  let client;
  try {
    dashscope = new Dashscope({ auth: token, baseUrl, maxRetries: 1, timeout: STEP_TIMEOUT_MS });
    client = createClient({ auth: token, baseUrl, maxRetries: 1, timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    return [{ step: "create client", ok: false, ms: 0, detail: `${error?.name}: ${error?.message}` }];
  }
  for (const [step, body] of Object.entries(steps(dashscope, client, runtime))) {
    const started = Date.now();
    try {
      const detail = await body();
      results.push({ step, ok: true, ms: Date.now() - started, detail: String(detail) });
    } catch (error) {
      results.push({
        step,
        ok: false,
        ms: Date.now() - started,
        detail: `${error?.name}: ${error?.message}`,
      });
    }
  }
  return results;
}
