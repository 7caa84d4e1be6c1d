import { createRequire } from "node:module";
import { inspect } from "node:util";
import { createEmulator } from "@dashscope/emulator";
import { getPrediction, run } from "@dashscope/predictions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Dashscope, { isInvalidArgumentError, Dashscope as NamedDashscope } from "../src/index";

const emulator = createEmulator({ timeScale: 0.01 });
let baseUrl: string;
let dashscope: Dashscope;

beforeAll(async () => {
  ({ url: baseUrl } = await emulator.listen(0));
  dashscope = new Dashscope({ auth: "emulator-token", baseUrl });
});

afterAll(async () => {
  await emulator.close();
});

describe("Dashscope", () => {
  it("is the default export, a named export, and what require() gives", () => {
    expect(NamedDashscope).toBe(Dashscope);
    const required = createRequire(import.meta.url)("../dist/index.js");
    expect(typeof required).toBe("function");
    expect(new required({ auth: "t" })).toBeInstanceOf(required);
    expect(required.default).toBe(required);
    expect(required.Dashscope).toBe(required);
    expect(typeof required.validateWebhook).toBe("function");
  });

  it("is a Client that every area function accepts", async () => {
    const output = await run(dashscope, "dashscope/hello-world", { input: { text: "area" } });
    expect(output).toBe("hello area");
    const [latest] = (await dashscope.predictions.list()).results;
    expect((await getPrediction(dashscope, latest?.id ?? "")).id).toBe(latest?.id);
  });

  it("never shows its token when logged, and still uses a token assigned later", async () => {
    const client = new Dashscope({ auth: "token-that-must-not-be-logged", baseUrl });
    expect(inspect(client, { depth: 4 })).not.toContain("token-that-must-not-be-logged");
    // Not even with hidden properties and getters shown: no property of the client holds it.
    const everything = inspect(client, { depth: 4, showHidden: true, getters: true });
    expect(everything).not.toContain("token-that-must-not-be-logged");
    expect(everything).toContain("auth: '[redacted]'");
    expect(Object.getOwnPropertyNames(client)).not.toContain("auth");
    expect(JSON.stringify(client)).not.toContain("token-that-must-not-be-logged");
    expect(client.auth).toBe("token-that-must-not-be-logged");
    client.auth = "emulator-token";
    expect(await client.accounts.current()).toMatchObject({ username: "dashscope" });
  });

  it("validates its options like createClient", () => {
    expect(() => new Dashscope({ baseUrl: "nope" })).toThrow(/^Invalid baseUrl/);
    expect(() => new Dashscope({ fetch: 1 as never })).toThrow(/^Invalid fetch/);
    expect(() => new Dashscope({ fileEncodingStrategy: "zip" as never })).toThrow(
      /^Invalid fileEncodingStrategy/,
    );
    const error = (() => {
      try {
        new Dashscope({ maxRetries: -1 });
      } catch (thrown) {
        return thrown;
      }
      return new Error("new Dashscope({ maxRetries: -1 }) did not throw");
    })();
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument: "maxRetries" });
  });

  it("has every method of replicate's client, bound, so they work detached", async () => {
    const { run: detachedRun, wait, paginate, request, predictions, models } = dashscope;
    expect(await detachedRun("dashscope/hello-world", { input: { text: "detached" } })).toBe(
      "hello detached",
    );
    const prediction = await predictions.create({ model: "dashscope/hello-world", input: { text: "x" } });
    expect((await wait(prediction)).status).toBe("succeeded");
    expect((await paginate(models.list).next()).done).toBe(false);
    expect((await request("/hardware")).status).toBe(200);
    const names = [
      "models.get",
      "models.list",
      "models.create",
      "models.search",
      "models.versions.list",
      "models.versions.get",
      "hardware.list",
      "collections.list",
      "collections.get",
      "predictions.create",
      "predictions.get",
      "predictions.cancel",
      "predictions.list",
      "trainings.create",
      "trainings.get",
      "trainings.cancel",
      "trainings.list",
      "deployments.get",
      "deployments.list",
      "deployments.create",
      "deployments.update",
      "deployments.delete",
      "deployments.predictions.create",
      "files.create",
      "files.get",
      "files.list",
      "files.delete",
      "accounts.current",
      "webhooks.default.secret.get",
    ];
    for (const name of names) {
      const method = name
        .split(".")
        .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], dashscope);
      expect(typeof method, name).toBe("function");
    }
  });

  it("uses a fetch assigned after construction for every later call", async () => {
    const client = new Dashscope({ auth: "emulator-token", baseUrl });
    const calls: string[] = [];
    client.fetch = (url, init) => {
      calls.push(new URL(String(url)).pathname);
      return fetch(url, init);
    };
    await client.accounts.current();
    await client.collections.list();
    expect(calls).toEqual(["/v1/account", "/v1/collections"]);
  });

  it("reaches the account, the webhook secret, search and the files API", async () => {
    expect(await dashscope.accounts.current()).toMatchObject({ username: "dashscope" });
    expect((await dashscope.webhooks.default.secret.get()).key).toMatch(/^whsec_/);
    expect((await dashscope.models.search("hello")).results.map((model) => model.name)).toContain(
      "hello-world",
    );
    const file = await dashscope.files.create(new Blob(["hello"], { type: "text/plain" }), {
      filename: "hello.txt",
    });
    expect((await dashscope.files.get(file.id)).name).toBe("hello.txt");
    expect((await dashscope.files.list()).results.some((item) => item.id === file.id)).toBe(true);
    await dashscope.files.delete(file.id);
  });

  it('uploads file inputs through the files API with fileEncodingStrategy "upload"', async () => {
    const client = new Dashscope({ auth: "emulator-token", baseUrl, fileEncodingStrategy: "upload" });
    const before = (await client.files.list()).results.length;
    const output = await client.run("dashscope/image-info", {
      input: { image: new Blob([new Uint8Array([1, 2, 3])], { type: "application/octet-stream" }) },
    });
    expect(output).toMatchObject({ bytes: 3 });
    expect((await client.files.list()).results.length).toBe(before + 1);
  });

  it("manages deployments", async () => {
    const version = (
      (await dashscope.models.get("dashscope", "hello-world")).latest_version as { id: string }
    ).id;
    const deployment = await dashscope.deployments.create({
      name: "umbrella",
      model: "dashscope/hello-world",
      version,
      hardware: "cpu",
      min_instances: 0,
      max_instances: 1,
    });
    expect(deployment.name).toBe("umbrella");
    const updated = await dashscope.deployments.update(deployment.owner, "umbrella", { max_instances: 2 });
    expect(updated.current_release.configuration.max_instances).toBe(2);
    expect((await dashscope.deployments.list()).results.some((item) => item.name === "umbrella")).toBe(true);
    await dashscope.deployments.delete(deployment.owner, "umbrella");
    await expect(dashscope.deployments.get(deployment.owner, "umbrella")).rejects.toMatchObject({
      status: 404,
    });
  });
});
