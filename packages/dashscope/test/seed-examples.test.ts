// Every example of the user's README (the seed), written as it is there, against the emulator.
import { readFile } from "node:fs/promises";
import { createEmulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Dashscope, { type Prediction } from "../src/index";

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

async function latestVersion(owner: string, name: string): Promise<string> {
  const model = await dashscope.models.get(owner, name);
  return (model.latest_version as { id: string }).id;
}

describe("the seed's examples", () => {
  it("runs a model and waits for the result", async () => {
    const model = `dashscope/gradient:${await latestVersion("dashscope", "gradient")}` as const;
    const input = { width: 32, height: 32 };
    const output = await dashscope.run(model, { input });
    expect(output).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.+\.png$/)]);
  });

  it("runs a model in the background, gets it later, or waits for it", async () => {
    let prediction = await dashscope.predictions.create({
      version: await latestVersion("dashscope", "hello-world"),
      input: { text: "Alice" },
    });
    expect(prediction.status).toBe("starting");
    prediction = await dashscope.predictions.get(prediction.id);
    expect(prediction.id).toMatch(/^[a-z2-7]{26}$/);
    prediction = await dashscope.wait(prediction);
    expect(prediction.status).toBe("succeeded");
    expect(prediction.output).toBe("hello Alice");
  });

  it("runs a model on a file passed as a base64 data URI", async () => {
    const data = await readFile(new URL("../../../examples/assets/dashscope.png", import.meta.url));
    const base64 = data.toString("base64");
    const mimeType = "image/png";
    const dataURI = `data:${mimeType};base64,${base64}`;
    const model = "dashscope/image-info";
    const input = { image: dataURI };
    const output = (await dashscope.run(model, { input })) as { content_type: string; bytes: number };
    expect(output).toMatchObject({ content_type: "image/png", bytes: data.length });
  });

  it("takes a fetch function in the constructor", async () => {
    const seen: string[] = [];
    const fetch = (url: string | URL | Request, init?: RequestInit) => {
      seen.push(String(url));
      return globalThis.fetch(url, init);
    };
    const client = new Dashscope({ auth: "emulator-token", baseUrl, fetch });
    await client.hardware.list();
    expect(seen).toEqual([`${baseUrl}/hardware`]);
  });

  it("lets dashscope.fetch be replaced to add headers or logging to every later call", async () => {
    const client = new Dashscope({ auth: "emulator-token", baseUrl });
    const sent: Array<string | null> = [];
    client.fetch = (url, options) => {
      const headers = new Headers(options?.headers);
      headers.append("X-Custom-Header", "some value");
      sent.push(headers.get("x-custom-header"));
      return fetch(url, { ...options, headers });
    };
    const output = await client.run("dashscope/hello-world", { input: { text: "fetch" } });
    expect(output).toBe("hello fetch");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((value) => value === "some value")).toBe(true);
  });

  it("runs with wait, webhook options, a signal and a progress callback", async () => {
    const identifier = `dashscope/hello-world:${await latestVersion("dashscope", "hello-world")}` as const;
    const updates: Prediction[] = [];
    const output = await dashscope.run(
      identifier,
      {
        input: { text: "progress" },
        wait: { interval: 50 },
        webhook_events_filter: ["completed"],
        signal: new AbortController().signal,
      },
      (prediction) => updates.push(prediction),
    );
    expect(output).toBe("hello progress");
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)?.status).toBe("succeeded");
  });

  it("throws when the prediction fails", async () => {
    await expect(
      dashscope.run("dashscope/sleep", { input: { seconds: 0.1, fail: true, message: "out of memory" } }),
    ).rejects.toThrow("Prediction failed: out of memory");
  });

  it("gets, lists and creates models", async () => {
    const model = await dashscope.models.get("dashscope", "hello-world");
    expect(model).toMatchObject({ owner: "dashscope", name: "hello-world", visibility: "public" });
    const models = await dashscope.models.list();
    expect(models).toMatchObject({ previous: null });
    expect(models.results.length).toBeGreaterThan(0);
    const created = await dashscope.models.create("dashscope", "seed-model", {
      visibility: "private",
      hardware: "cpu",
      description: "made by the seed test",
    });
    expect(created).toMatchObject({ owner: "dashscope", name: "seed-model", visibility: "private" });
  });

  it("lists hardware", async () => {
    expect(await dashscope.hardware.list()).toEqual([
      { name: "CPU", sku: "cpu" },
      { name: "Nvidia T4 GPU", sku: "gpu-t4" },
      { name: "Nvidia A40 GPU", sku: "gpu-a40-small" },
      { name: "Nvidia A40 (Large) GPU", sku: "gpu-a40-large" },
    ]);
  });

  it("lists and gets model versions", async () => {
    const versions = await dashscope.models.versions.list("dashscope", "hello-world");
    const [first] = versions.results;
    expect(first?.id).toMatch(/^[0-9a-f]{64}$/);
    const version = await dashscope.models.versions.get("dashscope", "hello-world", first?.id ?? "");
    expect(version).toMatchObject({ id: first?.id, cog_version: expect.any(String) });
    expect(version.openapi_schema).toBeTruthy();
  });

  it("gets a collection", async () => {
    const collection = await dashscope.collections.get("built-in");
    expect(collection.slug).toBe("built-in");
    expect(collection.models?.length).toBeGreaterThan(0);
  });

  it("creates a prediction with a stream URL and reads it as server-sent events", async () => {
    const prediction = await dashscope.predictions.create({
      version: await latestVersion("dashscope", "echo-stream"),
      input: { prompt: "a raccoon in a suit" },
      stream: true,
    });
    expect(prediction.urls.stream).toMatch(/^http/);
    let text = "";
    for await (const event of dashscope.stream("dashscope/echo-stream", {
      input: { prompt: "a raccoon in a suit" },
    })) {
      text += String(event);
    }
    expect(text).toBe("a raccoon in a suit");
  });

  it("cancels a prediction and lists predictions", async () => {
    const prediction = await dashscope.predictions.create({
      model: "dashscope/sleep",
      input: { seconds: 100 },
    });
    const canceled = await dashscope.predictions.cancel(prediction.id);
    expect(canceled.status).toBe("canceled");
    const page = await dashscope.predictions.list();
    expect(page.results.some((item) => item.id === prediction.id)).toBe(true);
  });

  it("creates, gets, lists and cancels trainings", async () => {
    const version = await latestVersion("dashscope", "tiny-trainer");
    const training = await dashscope.trainings.create("dashscope", "tiny-trainer", version, {
      destination: "dashscope/seed-trained",
      input: { steps: 1000 },
    });
    expect(training.status).toBe("starting");
    expect((await dashscope.trainings.get(training.id)).id).toBe(training.id);
    expect((await dashscope.trainings.cancel(training.id)).status).toBe("canceled");
    expect((await dashscope.trainings.list()).results.some((item) => item.id === training.id)).toBe(true);
  });

  it("creates a prediction on a deployment", async () => {
    const prediction = await dashscope.deployments.predictions.create("dashscope", "hello", {
      input: { text: "Deb" },
    });
    expect((await dashscope.wait(prediction)).output).toBe("hello Deb");
  });

  it("paginates with for await and by hand, with the bound list method", async () => {
    for (let index = 0; index < 3; index++) {
      await dashscope.predictions.create({
        model: "dashscope/hello-world",
        input: { text: `page ${index}` },
      });
    }
    let count = 0;
    for await (const page of dashscope.paginate(dashscope.predictions.list)) count += page.length;
    expect(count).toBeGreaterThanOrEqual(3);
    const paginator = dashscope.paginate(dashscope.predictions.list);
    const page1 = await paginator.next();
    expect(page1.done).toBe(false);
  });

  it("sends any request with dashscope.request", async () => {
    const response = await dashscope.request("/account", { method: "GET" });
    expect(await response.json()).toMatchObject({ username: "dashscope" });
  });
});
