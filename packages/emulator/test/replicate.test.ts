import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Replicate, { validateWebhook } from "replicate";
import { afterEach, describe, expect, it } from "vitest";
import { defineModel, EMULATOR_TOKEN, type EmulatorOptions } from "../src/index";
import { type Loose, pollUntil, startEmulator } from "./helpers";

/** The `replicate` npm client (1.4.0), unchanged, pointed at a fresh emulator. */
async function replicateClient(options: EmulatorOptions & { pageSize?: number } = {}) {
  const server = await startEmulator(options);
  const replicate = new Replicate({ auth: EMULATOR_TOKEN, baseUrl: server.url });
  return { ...server, replicate };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A local receiver that keeps every webhook it gets as a web `Request`, for `validateWebhook`. */
async function webhookReceiver() {
  const received: { request: Request; body: string }[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      received.push({
        request: new Request(`http://127.0.0.1${incoming.url}`, { method: "POST", headers, body }),
        body,
      });
      outgoing.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe("the replicate client (1.4.0) against the emulator", () => {
  it("runs a model in block mode with Prefer: wait", async () => {
    const { replicate, emulator } = await replicateClient();
    expect(await replicate.run("dashscope/hello-world", { input: { text: "Alice" } })).toBe("hello Alice");
    const create = emulator.requests.find((request) => request.method === "POST");
    expect(create).toMatchObject({ path: "/models/dashscope/hello-world/predictions", status: 201 });
    expect(create?.headers.prefer).toBe("wait");
  });

  it("runs a version in poll mode, reporting progress", async () => {
    const { replicate, emulator } = await replicateClient();
    const model: Loose = await replicate.models.get("dashscope", "hello-world");
    const statuses: string[] = [];
    const output = await replicate.run(
      `dashscope/hello-world:${model.latest_version.id}`,
      { input: { text: "Bob" }, wait: { mode: "poll", interval: 5 } },
      (prediction: Loose) => statuses.push(prediction.status),
    );
    expect(output).toBe("hello Bob");
    expect(statuses[0]).toBe("starting");
    expect(statuses.at(-1)).toBe("succeeded");
    expect(emulator.requests.some((request) => request.path.startsWith("/predictions/"))).toBe(true);
    expect(emulator.requests[1]).toMatchObject({ method: "POST", path: "/predictions" });
  });

  it("runs under a manual clock when the test advances until the call settles", async () => {
    const { replicate, emulator } = await replicateClient({ clock: "manual", timeScale: 1 });
    let done = false;
    const output = replicate.run("dashscope/hello-world", { input: { text: "later" } }).finally(() => {
      done = true;
    });
    while (!done) await emulator.advance(100);
    expect(await output).toBe("hello later");
    const [create] = emulator.requests;
    expect(create?.headers.prefer).toBe("wait");
  });

  it("rejects run with the prediction's error when it fails", async () => {
    const { replicate } = await replicateClient();
    await expect(
      replicate.run("dashscope/sleep", { input: { seconds: 0, fail: true, message: "out of cheese" } }),
    ).rejects.toThrow("Prediction failed: out of cheese");
  });

  it("streams a model that can stream, without sending stream: true", async () => {
    const { replicate, emulator } = await replicateClient();
    const events: { event: string; data: string }[] = [];
    for await (const event of replicate.stream("dashscope/echo-stream", {
      input: { prompt: "one two three", delay_ms: 1 },
    })) {
      events.push({ event: event.event, data: String(event.data) });
    }
    const create = emulator.requests.find((request) => request.method === "POST");
    expect(create?.body).toEqual({ input: { prompt: "one two three", delay_ms: 1 } });
    expect(
      events
        .filter((event) => event.event === "output")
        .map((event) => event.data)
        .join(""),
    ).toBe("one two three");
    expect(events.at(-1)?.event).toBe("done");
  });

  it("streams the yields of a model defined with an async generator", async () => {
    const countdown = defineModel({
      owner: "acme",
      name: "countdown",
      input: { type: "object", properties: { from: { type: "integer" } }, required: ["from"] },
      async *run(input) {
        for (let value = input.from; value > 0; value--) yield `${value}…`;
      },
    });
    const { replicate } = await replicateClient({ models: [countdown] });
    let text = "";
    for await (const event of replicate.stream("acme/countdown", { input: { from: 3 } })) text += event;
    expect(text).toBe("3…2…1…");
    expect(await replicate.run("acme/countdown", { input: { from: 2 } })).toEqual(["2…", "1…"]);
  });

  it("pages through predictions with paginate", async () => {
    const { replicate } = await replicateClient({ pageSize: 2 });
    const created: string[] = [];
    for (const text of ["a", "b", "c", "d", "e"]) {
      const prediction: Loose = await replicate.predictions.create({
        model: "dashscope/hello-world",
        input: { text },
      });
      created.push(prediction.id);
    }
    const pages: Loose[][] = [];
    for await (const page of replicate.paginate(replicate.predictions.list)) pages.push(page);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((prediction) => prediction.id)).toEqual([...created].reverse());
  });

  it("creates, gets, lists and cancels predictions", async () => {
    const { replicate } = await replicateClient();
    const model: Loose = await replicate.models.get("dashscope", "sleep");
    const created: Loose = await replicate.predictions.create({
      version: model.latest_version.id,
      input: { seconds: 600 },
    });
    expect(created).toMatchObject({ status: "starting", model: "dashscope/sleep" });
    expect(((await replicate.predictions.get(created.id)) as Loose).id).toBe(created.id);
    expect(((await replicate.predictions.list()) as Loose).results.map((item: Loose) => item.id)).toEqual([
      created.id,
    ]);
    const canceled: Loose = await replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe("canceled");
    const waited: Loose = await replicate.wait(created, { interval: 5 });
    expect(waited.status).toBe("canceled");
  });

  it("reads, creates and searches models and their versions", async () => {
    const { replicate } = await replicateClient();
    const created: Loose = await replicate.models.create("acme", "blank", {
      visibility: "private",
      hardware: "cpu",
      description: "nothing yet",
    });
    expect(created).toMatchObject({ owner: "acme", name: "blank", latest_version: null });
    const listed: Loose = await replicate.models.list();
    expect(listed.results.map((model: Loose) => `${model.owner}/${model.name}`)).toContain("acme/blank");
    const versions: Loose = await replicate.models.versions.list("dashscope", "hello-world");
    expect(versions.results).toHaveLength(1);
    const version: Loose = await replicate.models.versions.get(
      "dashscope",
      "hello-world",
      versions.results[0].id,
    );
    expect(Object.keys(version.openapi_schema.components.schemas)).toEqual(["Input", "Output"]);
    // replicate sends the text/plain query JSON-encoded; the emulator searches for the text inside.
    const found: Loose = await replicate.models.search("word by word");
    expect(found.results.map((model: Loose) => model.name)).toEqual(["echo-stream"]);
    await expect(replicate.models.get("acme", "missing")).rejects.toMatchObject({
      response: { status: 404 },
    });
  });

  it("trains a model and runs the version it made", async () => {
    const { replicate } = await replicateClient();
    const model: Loose = await replicate.models.get("dashscope", "tiny-trainer");
    const training: Loose = await replicate.trainings.create(
      "dashscope",
      "tiny-trainer",
      model.latest_version.id,
      {
        destination: "acme/echo",
        input: { steps: 2 },
      },
    );
    expect(training).toMatchObject({
      status: "starting",
      urls: { get: expect.stringContaining("/trainings/") },
    });
    const done: Loose = await pollUntil(
      () => replicate.trainings.get(training.id),
      (current: Loose) => current.status === "succeeded",
    );
    expect(done.output.version).toMatch(/^acme\/echo:[0-9a-f]{64}$/);
    expect(((await replicate.trainings.list()) as Loose).results[0].id).toBe(training.id);
    expect(await replicate.run(done.output.version, { input: { text: "again" } })).toBe("again");
    const second: Loose = await replicate.trainings.create(
      "dashscope",
      "tiny-trainer",
      model.latest_version.id,
      {
        destination: "acme/echo",
        input: { steps: 1000 },
      },
    );
    expect(((await replicate.trainings.cancel(second.id)) as Loose).status).toBe("canceled");
  });

  it("manages deployments and runs predictions on one", async () => {
    const { replicate } = await replicateClient();
    const model: Loose = await replicate.models.get("dashscope", "hello-world");
    const created: Loose = await replicate.deployments.create({
      name: "greeter",
      model: "dashscope/hello-world",
      version: model.latest_version.id,
      hardware: "cpu",
      min_instances: 0,
      max_instances: 1,
    });
    expect(created.current_release.number).toBe(1);
    const updated: Loose = await replicate.deployments.update("dashscope", "greeter", { max_instances: 3 });
    expect(updated.current_release).toMatchObject({ number: 2, configuration: { max_instances: 3 } });
    expect(((await replicate.deployments.get("dashscope", "greeter")) as Loose).current_release.number).toBe(
      2,
    );
    const listed: Loose = await replicate.deployments.list();
    expect(listed.results.map((deployment: Loose) => deployment.name)).toEqual(["greeter", "hello"]);
    const prediction: Loose = await replicate.deployments.predictions.create("dashscope", "greeter", {
      input: { text: "deployed" },
      wait: 5,
    });
    expect(prediction).toMatchObject({ status: "succeeded", output: "hello deployed" });
    expect(await replicate.deployments.delete("dashscope", "greeter")).toBe(true);
    await expect(replicate.deployments.get("dashscope", "greeter")).rejects.toMatchObject({
      response: { status: 404 },
    });
  });

  it("uploads, reads, lists and deletes files, and uploads Blob inputs", async () => {
    const { replicate } = await replicateClient();
    const fromBuffer: Loose = await replicate.files.create(Buffer.from("hello file"), { purpose: "test" });
    expect(fromBuffer).toMatchObject({ size: 10, metadata: { purpose: "test" } });
    const fromBlob: Loose = await replicate.files.create(
      new File(["<svg/>"], "icon.svg", { type: "image/svg+xml" }),
    );
    expect(fromBlob).toMatchObject({ name: "icon.svg", content_type: "image/svg+xml" });
    expect(await (await fetch(fromBlob.urls.get)).text()).toBe("<svg/>");
    expect(((await replicate.files.get(fromBuffer.id)) as Loose).checksums.sha256).toBe(
      fromBuffer.checksums.sha256,
    );
    expect(((await replicate.files.list()) as Loose).results.map((file: Loose) => file.id)).toEqual([
      fromBlob.id,
      fromBuffer.id,
    ]);
    expect(await replicate.files.delete(fromBuffer.id)).toBe(true);
    await expect(replicate.files.get(fromBuffer.id)).rejects.toMatchObject({ response: { status: 404 } });
    // A Blob input is uploaded through the files API, and the model reads it back.
    const info: Loose = await replicate.run("dashscope/image-info", {
      input: { image: new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }) },
    });
    expect(info).toMatchObject({ content_type: "image/png", bytes: 3 });
  });

  it("reads the account, hardware and collections", async () => {
    const { replicate } = await replicateClient();
    expect(await replicate.accounts.current()).toMatchObject({ username: "dashscope" });
    expect(((await replicate.hardware.list()) as Loose).map((item: Loose) => item.sku)).toContain("cpu");
    expect(((await replicate.collections.get("built-in")) as Loose).models.length).toBeGreaterThan(0);
    expect(((await replicate.collections.list()) as Loose).results[0].slug).toBe("built-in");
  });

  it("gets the webhook secret, and validateWebhook accepts a delivered webhook", async () => {
    const receiver = await webhookReceiver();
    const { replicate, emulator } = await replicateClient();
    const { key } = (await replicate.webhooks.default.secret.get()) as Loose;
    expect(key).toBe(emulator.webhookSecret);
    const prediction: Loose = await replicate.predictions.create({
      model: "dashscope/hello-world",
      input: { text: "hook" },
      webhook: receiver.url,
      webhook_events_filter: ["completed"],
    });
    const [delivery] = await pollUntil(
      async () => receiver.received,
      (received) => received.length > 0,
    );
    if (!delivery) throw new Error("no webhook arrived");
    expect(JSON.parse(delivery.body)).toMatchObject({ id: prediction.id, status: "succeeded" });
    expect(await validateWebhook(delivery.request.clone(), key)).toBe(true);
    const tampered = new Request(delivery.request, { body: delivery.body.replace("hook", "hack") });
    expect(await validateWebhook(tampered, key)).toBe(false);
    expect(emulator.webhookDeliveries).toMatchObject([
      { runId: prediction.id, event: "completed", status: 204, attempt: 1 },
    ]);
  });
});
