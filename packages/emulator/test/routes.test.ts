import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { json, type Loose, startEmulator } from "./helpers";

const helloVersion = createHash("sha256").update("dashscope/hello-world@1").digest("hex");

describe("catalogue routes", () => {
  it("serves the account, hardware and collections", async () => {
    const { api } = await startEmulator();
    expect(await json(await api("/account"))).toEqual({
      type: "organization",
      username: "dashscope",
      name: "Dashscope Emulator",
    });
    expect(await json(await api("/hardware"))).toEqual([
      { name: "CPU", sku: "cpu" },
      { name: "Nvidia T4 GPU", sku: "gpu-t4" },
      { name: "Nvidia A40 GPU", sku: "gpu-a40-small" },
      { name: "Nvidia A40 (Large) GPU", sku: "gpu-a40-large" },
    ]);
    const collections = await json<{ results: Record<string, unknown>[]; next: null }>(
      await api("/collections"),
    );
    expect(collections.results).toEqual([
      { slug: "built-in", name: "Built-in models", description: expect.any(String) },
    ]);
    expect(collections.next).toBeNull();
    const collection = await json<{ models: { name: string }[] }>(await api("/collections/built-in"));
    expect(collection.models.map((model) => model.name)).toEqual([
      "hello-world",
      "echo-stream",
      "gradient",
      "image-info",
      "sleep",
      "tiny-trainer",
    ]);
    expect((await api("/collections/nope")).status).toBe(404);
  });

  it("serves models and versions with stable ids and their openapi schema", async () => {
    const { api, url } = await startEmulator();
    const model = await json<Loose>(await api("/models/dashscope/hello-world"));
    expect(model).toMatchObject({
      url: `${url}/models/dashscope/hello-world`,
      owner: "dashscope",
      name: "hello-world",
      visibility: "public",
      run_count: 0,
      latest_version: { id: helloVersion, cog_version: expect.any(String) },
    });
    const input = model.latest_version.openapi_schema.components.schemas.Input;
    expect(input.required).toEqual(["text"]);
    expect(input.properties.text.type).toBe("string");
    const versions = await json<{ results: { id: string }[] }>(
      await api("/models/dashscope/hello-world/versions"),
    );
    expect(versions.results.map((version) => version.id)).toEqual([helloVersion]);
    const version = await json(await api(`/models/dashscope/hello-world/versions/${helloVersion}`));
    expect(version.id).toBe(helloVersion);
    expect((await api(`/models/dashscope/hello-world/versions/${"0".repeat(64)}`)).status).toBe(404);
    expect((await api("/models/dashscope/nope")).status).toBe(404);
    expect((await api("/models/dashscope/nope/versions")).status).toBe(404);
    const trainer = await json<Loose>(await api("/models/dashscope/tiny-trainer"));
    expect(Object.keys(trainer.latest_version.openapi_schema.components.schemas)).toEqual([
      "Input",
      "Output",
      "TrainingInput",
      "TrainingOutput",
    ]);
  });

  it("creates models: 201, then 409 for the same name, 422 for a bad body", async () => {
    const { api } = await startEmulator();
    const body = {
      owner: "dashscope",
      name: "mine",
      visibility: "private",
      hardware: "cpu",
      description: "Mine",
    };
    const created = await api("/models", { method: "POST", json: body });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ owner: "dashscope", name: "mine", latest_version: null });
    expect((await api("/models/dashscope/mine")).status).toBe(200);
    const again = await api("/models", { method: "POST", json: body });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
    const invalid = await api("/models", {
      method: "POST",
      json: { owner: "dashscope", name: "x", visibility: "secret" },
    });
    expect(invalid.status).toBe(422);
    const problem = await json<{ invalid_fields: { field: string }[] }>(invalid);
    expect(problem.invalid_fields.map((field) => field.field)).toEqual(["visibility", "hardware"]);
    // A model without versions cannot run.
    const run = await api("/models/dashscope/mine/predictions", { method: "POST", json: { input: {} } });
    expect(run.status).toBe(422);
  });

  it("searches models with QUERY and a text body", async () => {
    const { api } = await startEmulator();
    const response = await api("/models", {
      method: "QUERY",
      body: "png gradient",
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(200);
    const page = await json<{ results: { name: string }[] }>(response);
    expect(page.results.map((model) => model.name)).toEqual(["gradient"]);
    const none = await json<{ results: unknown[] }>(
      await api("/models", {
        method: "QUERY",
        body: "no such words",
        headers: { "content-type": "text/plain" },
      }),
    );
    expect(none.results).toEqual([]);
  });

  it("pages models over several pages with a search kept in the cursor", async () => {
    const { api } = await startEmulator({ pageSize: 2 });
    const first = await json<{ results: { name: string }[]; next: string }>(
      await api("/models", { method: "QUERY", body: "dashscope", headers: { "content-type": "text/plain" } }),
    );
    expect(first.results).toHaveLength(2);
    const names = first.results.map((model) => model.name);
    let next: string | null = first.next;
    for (let page = 0; next !== null && page < 10; page++) {
      const body: { results: { name: string }[]; next: string | null } = await json(await api(next));
      names.push(...body.results.map((model) => model.name));
      next = body.next;
    }
    expect(names).toEqual(["hello-world", "echo-stream", "gradient", "image-info", "sleep", "tiny-trainer"]);
  });
});

describe("deployments", () => {
  it("serves the built-in dashscope/hello and runs predictions on it", async () => {
    const { api } = await startEmulator();
    const deployment = await json(await api("/deployments/dashscope/hello"));
    expect(deployment).toMatchObject({
      owner: "dashscope",
      name: "hello",
      current_release: {
        number: 1,
        model: "dashscope/hello-world",
        version: helloVersion,
        created_by: { username: "dashscope" },
        configuration: { hardware: "cpu", min_instances: 0, max_instances: 1 },
      },
    });
    const list = await json<{ results: unknown[] }>(await api("/deployments"));
    expect(list.results).toHaveLength(1);
    const created = await api("/deployments/dashscope/hello/predictions", {
      method: "POST",
      json: { input: { text: "deployment" } },
      headers: { prefer: "wait" },
    });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({
      status: "succeeded",
      output: "hello deployment",
      model: "dashscope/hello-world",
      version: helloVersion,
    });
    expect(
      (await api("/deployments/dashscope/nope/predictions", { method: "POST", json: { input: {} } })).status,
    ).toBe(404);
  });

  it("creates, updates and deletes a deployment", async () => {
    const { api, emulator } = await startEmulator();
    const body = {
      name: "mine",
      model: "dashscope/hello-world",
      version: helloVersion,
      hardware: "gpu-t4",
      min_instances: 1,
      max_instances: 3,
    };
    const created = await api("/deployments", { method: "POST", json: body });
    // The document answers a created deployment with 200, not 201.
    expect(created.status).toBe(200);
    expect(await json(created)).toMatchObject({
      owner: "dashscope",
      name: "mine",
      current_release: { number: 1 },
    });
    expect(emulator.stats.deploymentsCreated).toBe(1);
    expect((await api("/deployments", { method: "POST", json: body })).status).toBe(409);
    const invalid = await api("/deployments", {
      method: "POST",
      json: { ...body, name: "other", version: "nope" },
    });
    expect(invalid.status).toBe(422);
    expect((await json<{ invalid_fields: { field: string }[] }>(invalid)).invalid_fields[0]?.field).toBe(
      "version",
    );

    const updated = await api("/deployments/dashscope/mine", { method: "PATCH", json: { max_instances: 5 } });
    expect(updated.status).toBe(200);
    expect(await json(updated)).toMatchObject({
      current_release: {
        number: 2,
        configuration: { hardware: "gpu-t4", min_instances: 1, max_instances: 5 },
      },
    });
    expect(
      (await api("/deployments/dashscope/mine", { method: "PATCH", json: { min_instances: 9 } })).status,
    ).toBe(422);
    expect((await api("/deployments/dashscope/mine", { method: "PATCH", json: {} })).status).toBe(422);

    const deleted = await api("/deployments/dashscope/mine", { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await api("/deployments/dashscope/mine")).status).toBe(404);
    expect((await api("/deployments/dashscope/mine", { method: "DELETE" })).status).toBe(404);
  });
});

describe("files", () => {
  it("uploads, serves without a token, lists and deletes", async () => {
    const { api, emulator } = await startEmulator();
    const form = new FormData();
    form.append("content", new Blob(["hello file"], { type: "text/plain" }), "hello.txt");
    form.append("metadata", JSON.stringify({ purpose: "test" }));
    const created = await api("/files", { method: "POST", body: form });
    expect(created.status).toBe(201);
    const file = await json<Loose>(created);
    expect(file).toMatchObject({
      name: "hello.txt",
      content_type: "text/plain",
      size: 10,
      metadata: { purpose: "test" },
      checksums: { sha256: createHash("sha256").update("hello file").digest("hex") },
    });
    expect(file.id).toMatch(/^[a-z2-7]{26}$/);
    expect(emulator.stats.filesCreated).toBe(1);

    const content = await fetch(file.urls.get);
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toBe("text/plain");
    expect(await content.text()).toBe("hello file");

    expect(await json(await api(`/files/${file.id}`))).toEqual(file);
    const list = await json<{ results: { id: string }[] }>(await api("/files"));
    expect(list.results.map((item) => item.id)).toEqual([file.id]);

    expect((await api(`/files/${file.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/files/${file.id}`)).status).toBe(404);
    expect((await fetch(file.urls.get)).status).toBe(404);
  });

  it("refuses a body without a content file or with bad metadata", async () => {
    const { api } = await startEmulator();
    expect((await api("/files", { method: "POST", json: { content: "x" } })).status).toBe(422);
    const form = new FormData();
    form.append("content", new Blob(["x"]), "x.bin");
    form.append("metadata", "not json");
    const response = await api("/files", { method: "POST", body: form });
    expect(response.status).toBe(422);
    expect((await json<{ invalid_fields: { field: string }[] }>(response)).invalid_fields[0]?.field).toBe(
      "metadata",
    );
  });
});

describe("protocol", () => {
  it("answers 401 without or with a wrong token, and counts it", async () => {
    const { api, emulator } = await startEmulator({ tokens: ["one", "two"] });
    const missing = await api("/account", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(missing)).toMatchObject({
      status: 401,
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect((await api("/account", { token: "three" })).status).toBe(401);
    expect((await api("/account", { token: "two" })).status).toBe(200);
    expect(
      emulator.stats.requests.map((request) => [request.authorized, request.hadAuthorizationHeader]),
    ).toEqual([
      [false, false],
      [false, true],
      [true, true],
    ]);
    expect(emulator.stats.countByRoute()).toEqual({ "GET /account 401": 2, "GET /account 200": 1 });
  });

  it("answers 404 for unknown routes and ids, 405 for a wrong method", async () => {
    const { api, url } = await startEmulator();
    expect((await api("/nothing")).status).toBe(404);
    expect((await api("/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa")).status).toBe(404);
    expect((await api("/trainings/aaaaaaaaaaaaaaaaaaaaaaaaaa")).status).toBe(404);
    expect((await api("/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa/cancel", { method: "POST" })).status).toBe(
      404,
    );
    expect((await fetch(url.replace("/v1", "/elsewhere"))).status).toBe(404);
    const wrongMethod = await api("/account", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });

  it("answers 400 for malformed JSON and bad cursors, 422 for a non-object body", async () => {
    const { api } = await startEmulator();
    const malformed = await api("/predictions", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    expect((await api("/predictions", { method: "POST", json: [1, 2] })).status).toBe(422);
    expect((await api("/predictions?cursor=garbage")).status).toBe(400);
  });

  it("answers 413 above maxBodyBytes and keeps serving", async () => {
    const { api } = await startEmulator({ maxBodyBytes: 1024 });
    const tooLarge = await api("/predictions", {
      method: "POST",
      json: { version: helloVersion, input: { text: "x".repeat(5000) } },
    });
    expect(tooLarge.status).toBe(413);
    expect((await api("/account")).status).toBe(200);
  });

  it("accepts a 10 MB data URI input under the default limit", async () => {
    const { api } = await startEmulator();
    const data = Buffer.alloc(10 * 1024 * 1024, 7);
    const response = await api("/models/dashscope/image-info/predictions", {
      method: "POST",
      json: { input: { image: `data:application/octet-stream;base64,${data.toString("base64")}` } },
      headers: { prefer: "wait" },
    });
    expect(response.status).toBe(201);
    expect((await json(response)).output).toEqual({
      content_type: "application/octet-stream",
      bytes: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
    });
  });

  it("sets X-Request-Id on every answer and answers CORS preflights", async () => {
    const { api, url } = await startEmulator();
    for (const response of [
      await api("/account"),
      await api("/nope"),
      await api("/account", { token: null }),
    ]) {
      expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]+$/);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
    const preflight = await fetch(`${url}/predictions`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "QUERY",
        "access-control-request-headers": "authorization, x-custom",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("QUERY");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-custom");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");
    expect(preflight.headers.get("x-request-id")).toBeTruthy();
    const simple = await api("/account", { headers: { origin: "http://localhost:5173" } });
    expect(simple.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(simple.headers.get("access-control-expose-headers")).toContain("preference-applied");
  });

  it("keeps the webhook secret for the emulator's life", async () => {
    const { api } = await startEmulator();
    const first = await json<{ key: string }>(await api("/webhooks/default/secret"));
    expect(first.key).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await json(await api("/webhooks/default/secret"))).toEqual(first);
  });

  it("answers in process through fetch, with URLs on the request's origin", async () => {
    const { createEmulator } = await import("../src/index");
    const emulator = createEmulator({ timeScale: 0.01 });
    try {
      const response = await emulator.fetch(
        new Request("http://emulator.test/v1/models/dashscope/hello-world/predictions", {
          method: "POST",
          headers: { authorization: "Bearer emulator-token", prefer: "wait" },
          body: JSON.stringify({ input: { text: "in process" } }),
        }),
      );
      expect(response.status).toBe(201);
      const prediction = await json<Loose>(response);
      expect(prediction.output).toBe("hello in process");
      expect(prediction.urls.get).toBe(`http://emulator.test/v1/predictions/${prediction.id}`);
    } finally {
      await emulator.close();
    }
  });
});
