// Every operation of the document sent to the emulator over real HTTP with plain `fetch` (not the
// client: this suite checks the emulator on its own), each answer checked against the document's
// schema for its status. Where the service sends `null` for a prediction's or training's field not
// yet set (`started_at`, `completed_at`, `output`, `logs`, `error`, `metrics`), the document's
// schema leaves `null` out: contract.ts allows it for exactly those fields (`nullableBeforeSet`).
import { createEmulator, defineModel, EMULATOR_TOKEN, type Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "./contract.js";
import { type CheckedAnswer, checkAnswer } from "./emulator-answer.js";

const PINNED_VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";

const greeter = defineModel({
  owner: "acme",
  name: "greeter",
  description: "Greets whoever it is given",
  coverImageUrl: "https://example.com/greeter.png",
  version: PINNED_VERSION,
  readme: "# acme/greeter\n\nSays hello.\n",
  defaultExample: { input: { name: "Ada" }, output: "hello Ada" },
  examples: [{ input: { name: "Grace" }, output: "hello Grace" }],
  input: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  run: ({ name }: { name: string }) => `hello ${name}`,
});

let emulator: Emulator;
let baseUrl: string;
/** Each operation and the statuses it was seen answering with, every one checked. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01, seed: 20, models: [greeter] });
  baseUrl = (await emulator.listen(0)).url;
});

afterAll(() => emulator.close());

interface Call {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  token?: boolean;
}

/** Sends one request as `operationId` and asserts the answer is what the document says for its status. */
async function send(operationId: string, path: string, call: Call = {}): Promise<CheckedAnswer> {
  const headers = new Headers(call.headers);
  if (call.token !== false) headers.set("authorization", `Bearer ${EMULATOR_TOKEN}`);
  if (call.json !== undefined) headers.set("content-type", "application/json");
  const response = await fetch(path.startsWith("http") ? path : `${baseUrl}${path}`, {
    method: call.method ?? "GET",
    headers,
    body: call.json !== undefined ? JSON.stringify(call.json) : call.body,
  });
  const answer = await checkAnswer(operationId, response);
  expect(answer.errors, `${operationId} ${answer.status}: ${JSON.stringify(answer.body)}`).toEqual([]);
  const statuses = seen.get(operationId) ?? new Set<number>();
  statuses.add(answer.status);
  seen.set(operationId, statuses);
  return answer;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; the schema check above is the assertion.
type Loose = any;
const body = (answer: CheckedAnswer) => answer.body as Loose;

function upload(content: string, name: string): FormData {
  const form = new FormData();
  form.append("content", new Blob([content], { type: "text/plain" }), name);
  form.append("metadata", JSON.stringify({ purpose: "conformance" }));
  return form;
}

describe("the emulator answers every operation as the document says", () => {
  it("account, hardware, collections, webhooks", async () => {
    expect((await send("account.get", "/account")).status).toBe(200);
    expect((await send("hardware.list", "/hardware")).status).toBe(200);
    expect((await send("collections.list", "/collections")).status).toBe(200);
    expect((await send("collections.get", "/collections/built-in")).status).toBe(200);
    expect((await send("webhooks.default.secret.get", "/webhooks/default/secret")).status).toBe(200);
  });

  it("models: list (sorted), search, get, create, update, examples, readme, versions", async () => {
    const listed = await send("models.list", "/models?sort_by=model_created_at&sort_direction=asc");
    expect(body(listed).results[0].name).toBe("hello-world");
    await send("models.list", "/models");
    const searched = await send("models.search", "/models", {
      method: "QUERY",
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(body(searched).results.length).toBeGreaterThan(0);

    const model = body(await send("models.get", "/models/acme/greeter"));
    expect(model.default_example).toMatchObject({ input: { name: "Ada" }, output: "hello Ada" });
    expect(model.latest_version.id).toBe(PINNED_VERSION);
    // A model without an example says so with null, as the service does.
    expect(body(await send("models.get", "/models/dashscope/gradient")).default_example).toBeNull();

    const created = await send("models.create", "/models", {
      method: "POST",
      json: { owner: "dashscope", name: "conformance-model", visibility: "private", hardware: "cpu" },
    });
    expect(created.status).toBe(201);
    const updated = await send("models.update", "/models/dashscope/conformance-model", {
      method: "PATCH",
      json: { description: "Updated", readme: "# Updated\n", github_url: "https://github.com/a/b" },
    });
    expect(body(updated)).toMatchObject({ description: "Updated", github_url: "https://github.com/a/b" });

    const examples = await send("models.examples.list", "/models/acme/greeter/examples");
    expect(body(examples).results.map((example: Loose) => example.input.name)).toEqual(["Ada", "Grace"]);

    const readme = await send("models.readme.get", "/models/acme/greeter/readme");
    expect(readme.contentType).toMatch(/^text\/plain/);
    expect(readme.body).toBe("# acme/greeter\n\nSays hello.\n");
    expect((await send("models.readme.get", "/models/dashscope/conformance-model/readme")).body).toBe(
      "# Updated\n",
    );
    const otherModel = await send("models.create", "/models", {
      method: "POST",
      json: { owner: "dashscope", name: "no-readme", visibility: "private", hardware: "cpu" },
    });
    expect(otherModel.status).toBe(201);
    expect((await send("models.readme.get", "/models/dashscope/no-readme/readme")).status).toBe(404);

    const versions = body(await send("models.versions.list", "/models/dashscope/hello-world/versions"));
    const versionId = versions.results[0].id;
    expect(
      (await send("models.versions.get", `/models/dashscope/hello-world/versions/${versionId}`)).status,
    ).toBe(200);
  });

  it("predictions: create (with Cancel-After), get, list (filtered), cancel; model predictions", async () => {
    const created = await send("predictions.create", "/predictions", {
      method: "POST",
      json: { version: "dashscope/hello-world", input: { text: "contract" } },
      headers: { prefer: "wait", "cancel-after": "1h30m45s" },
    });
    expect(created.status).toBe(201);
    const prediction = body(created);
    expect(prediction).toMatchObject({
      status: "succeeded",
      data_removed: false,
      deadline: expect.any(String),
    });
    expect(prediction.urls.web).toMatch(/^http/);

    const waiting = await send("models.predictions.create", "/models/dashscope/sleep/predictions", {
      method: "POST",
      json: { input: { seconds: 600 } },
    });
    expect(waiting.status).toBe(201);
    // A prediction not yet started or finished carries nulls (allowed by contract.ts, see above).
    expect(body(waiting).completed_at).toBeNull();
    expect((await send("predictions.get", `/predictions/${prediction.id}`)).status).toBe(200);
    expect(
      (await send("predictions.cancel", `/predictions/${body(waiting).id}/cancel`, { method: "POST" }))
        .status,
    ).toBe(200);

    const createdAt = encodeURIComponent(prediction.created_at);
    const after = body(await send("predictions.list", `/predictions?created_after=${createdAt}`));
    expect(after.results.map((item: Loose) => item.id)).toContain(prediction.id);
    const before = body(await send("predictions.list", `/predictions?created_before=${createdAt}`));
    expect(before.results.map((item: Loose) => item.id)).not.toContain(prediction.id);
    expect(body(await send("predictions.list", "/predictions?source=web")).results).toEqual([]);
  });

  it("deployments: list, create (200), get, update, predictions, delete", async () => {
    expect((await send("deployments.list", "/deployments")).status).toBe(200);
    const versionId = body(await send("models.get", "/models/dashscope/hello-world")).latest_version.id;
    const created = await send("deployments.create", "/deployments", {
      method: "POST",
      json: {
        name: "conformance",
        model: "dashscope/hello-world",
        version: versionId,
        hardware: "cpu",
        min_instances: 0,
        max_instances: 1,
      },
    });
    expect(created.status).toBe(200);
    expect((await send("deployments.get", "/deployments/dashscope/conformance")).status).toBe(200);
    const updated = await send("deployments.update", "/deployments/dashscope/conformance", {
      method: "PATCH",
      json: { max_instances: 2 },
    });
    expect(updated.status).toBe(200);
    const run = await send(
      "deployments.predictions.create",
      "/deployments/dashscope/conformance/predictions",
      {
        method: "POST",
        json: { input: { text: "deployed" } },
        headers: { prefer: "wait", "cancel-after": "30" },
      },
    );
    expect(run.status).toBe(201);
    expect(body(run).deployment).toBe("dashscope/conformance");
    expect(
      (await send("deployments.delete", "/deployments/dashscope/conformance", { method: "DELETE" })).status,
    ).toBe(204);
  });

  it("trainings, then a version and a model deleted by the document's rules", async () => {
    const base = body(await send("models.get", "/models/dashscope/tiny-trainer")).latest_version.id;
    const created = await send(
      "trainings.create",
      `/models/dashscope/tiny-trainer/versions/${base}/trainings`,
      {
        method: "POST",
        json: { destination: "dashscope/conformance-trained", input: { steps: 1, data: "x" } },
      },
    );
    expect(created.status).toBe(201);
    const trainingId = body(created).id;
    expect((await send("trainings.list", "/trainings")).status).toBe(200);
    let training = body(
      await send("trainings.get", `/trainings/${trainingId}`, { headers: { prefer: "wait=10" } }),
    );
    for (let attempt = 0; training.status !== "succeeded" && attempt < 20; attempt++) {
      training = body(
        await send("trainings.get", `/trainings/${trainingId}`, { headers: { prefer: "wait=10" } }),
      );
    }
    expect(training.status).toBe("succeeded");
    const trainedVersion = training.output.version.split(":")[1];

    const other = await send(
      "trainings.create",
      `/models/dashscope/tiny-trainer/versions/${base}/trainings`,
      {
        method: "POST",
        json: { destination: "dashscope/conformance-trained", input: { steps: 100, data: "y" } },
      },
    );
    expect(
      (await send("trainings.cancel", `/trainings/${body(other).id}/cancel`, { method: "POST" })).status,
    ).toBe(200);

    const deleted = await send(
      "models.versions.delete",
      `/models/dashscope/conformance-trained/versions/${trainedVersion}`,
      { method: "DELETE" },
    );
    expect(deleted.status).toBe(202);
    const gone = await send("models.delete", "/models/dashscope/conformance-trained", { method: "DELETE" });
    expect(gone.status).toBe(204);
  });

  it("files: create, get, list, download by signed URL, delete; and their documented 404s", async () => {
    const created = await send("files.create", "/files", { method: "POST", body: upload("hello", "a.txt") });
    expect(created.status).toBe(201);
    const file = body(created);
    expect((await send("files.get", `/files/${file.id}`)).status).toBe(200);
    expect((await send("files.list", "/files")).status).toBe(200);

    const download = await send("files.download", file.urls.download, { token: false });
    expect(download.status).toBe(200);
    expect(new TextDecoder().decode(download.body as Uint8Array)).toBe("hello");
    const forged = new URL(file.urls.download);
    forged.searchParams.set("signature", "AAAA");
    expect((await send("files.download", forged.toString(), { token: false })).status).toBe(404);

    expect((await send("files.delete", `/files/${file.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await send("files.get", `/files/${file.id}`)).status).toBe(404);
    expect((await send("files.delete", `/files/${file.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await send("files.download", file.urls.download, { token: false })).status).toBe(404);
  });

  it("files.create answers 413 for a file over the limit", async () => {
    const small = createEmulator({ maxBodyBytes: 1024 });
    const { url } = await small.listen(0);
    try {
      const response = await fetch(`${url}/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${EMULATOR_TOKEN}` },
        body: upload("x".repeat(4096), "big.txt"),
      });
      const answer = await checkAnswer("files.create", response);
      expect(answer.status).toBe(413);
      expect(answer.errors).toEqual([]);
      seen.get("files.create")?.add(413);
    } finally {
      await small.close();
    }
  });

  it("search: models with generated metadata, collections, pages; 400 without a query", async () => {
    const found = body(await send("search", "/search?query=hello&limit=5"));
    expect(found.query).toBe("hello");
    expect(found.models[0]).toMatchObject({
      model: { owner: "dashscope", name: "hello-world" },
      metadata: { generated_description: expect.any(String), score: expect.any(Number) },
    });
    expect((await send("search", "/search")).status).toBe(400);
    expect((await send("search", "/search?query=x&limit=51")).status).toBe(400);
    // The service's search can fail on its own; here a fault stands in for that.
    emulator.injectFault({ kind: "500", match: "GET /search" });
    expect((await send("search", "/search?query=hello")).status).toBe(500);
  });

  it("every operation of the document was sent, and answered with every status it documents", () => {
    const missing = operations.map((operation) => operation.id).filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect(seen.size).toBe(37);
    const unseen = operations.flatMap((operation) =>
      Object.keys(operation.responses)
        .filter((status) => !seen.get(operation.id)?.has(Number(status)))
        .map((status) => `${operation.id} ${status}`),
    );
    // The emulator answers a create 201 even before the outputs exist; the service's 202 is the same
    // prediction object (same schema), so nothing a client reads differs.
    expect(unseen).toEqual([
      "deployments.predictions.create 202",
      "models.predictions.create 202",
      "predictions.create 202",
    ]);
  });
});

/** `/models/{model_owner}/{model_name}` → `/models/{}/{}`: route shapes without their parameter names. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

describe("the emulator routes every operation of the document", () => {
  it.each(operations.map((operation) => [operation.id, operation] as const))(
    "%s is routed (not a 404 for the path, nor a 405 for the method)",
    async (_id, operation) => {
      const path = operation.path.replace(/\{[^}]+\}/g, "unknown");
      const response = await fetch(`${baseUrl}${path}`, {
        method: operation.method,
        headers: { authorization: `Bearer ${EMULATOR_TOKEN}` },
      });
      await response.body?.cancel();
      expect(response.status).not.toBe(405);
      const answered = emulator.stats.requests.at(-1);
      expect(answered?.path).toBe(path);
      // The emulator records the route template that answered, or the bare path when none did.
      expect(shape(answered?.route ?? "")).toBe(shape(operation.path));
    },
  );
});
