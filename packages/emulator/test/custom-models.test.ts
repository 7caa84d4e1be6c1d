import { describe, expect, it } from "vitest";
import { createEmulator, defineModel } from "../src/index";
import { json, type Loose, parseEvents, pollUntil, readAll, startEmulator } from "./helpers";

const greeter = defineModel({
  owner: "acme",
  name: "greeter",
  description: "Greets by name",
  input: {
    type: "object",
    properties: {
      name: { type: "string" },
      excited: { type: "boolean", default: false },
    },
    required: ["name"],
  },
  output: { type: "string" },
  async run(input, context) {
    context.log(`greeting ${input.name}`);
    context.progress(1, 2);
    context.progress(2, 2);
    if (input.name === "nobody") throw new Error("nobody to greet");
    return `hi ${input.name}${input.excited ? "!" : "."} (${context.id})`;
  },
});

const words = defineModel({
  owner: "acme",
  name: "words",
  input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  async *run(input, context) {
    for (const word of String(input.text).split(" ")) {
      await context.sleep(10);
      yield word;
    }
  },
});

describe("models from defineModel", () => {
  it("serves the model with its schemas as the version's openapi_schema", async () => {
    const { api } = await startEmulator({ models: [greeter, words] });
    const model = await json(await api("/models/acme/greeter"));
    expect(model).toMatchObject({ owner: "acme", name: "greeter", description: "Greets by name" });
    expect(model.latest_version.openapi_schema.components.schemas).toEqual({
      Input: {
        type: "object",
        title: "Input",
        properties: { name: { type: "string" }, excited: { type: "boolean", default: false } },
        required: ["name"],
      },
      Output: { type: "string", title: "Output" },
    });
    const streaming = await json(await api("/models/acme/words"));
    expect(streaming.latest_version.openapi_schema.components.schemas.Output).toMatchObject({
      type: "array",
      "x-cog-array-type": "iterator",
    });
    // The built-in models stay.
    expect((await api("/models/dashscope/hello-world")).status).toBe(200);
  });

  it("validates input against the schema, with defaults, and logs tqdm-style progress", async () => {
    const { api } = await startEmulator({ models: [greeter] });
    const invalid = await api("/models/acme/greeter/predictions", {
      method: "POST",
      json: { input: { name: 3 } },
    });
    expect(invalid.status).toBe(422);
    expect((await json(invalid)).invalid_fields).toEqual([
      { field: "input.name", message: "expected a string" },
    ]);
    const created = await api("/models/acme/greeter/predictions", {
      method: "POST",
      headers: { prefer: "wait=10" },
      json: { input: { name: "Ada" } },
    });
    const prediction = await json(created);
    expect(prediction).toMatchObject({ status: "succeeded", output: `hi Ada. (${prediction.id})` });
    const lines = prediction.logs.split("\n");
    expect(lines[0]).toBe("greeting Ada");
    expect(lines[1]).toMatch(/^ {2}50%\|█████ {5}\| 1\/2 \[/);
    expect(lines[2]).toMatch(/^ 100%\|██████████\| 2\/2 \[/);
  });

  it("fails the prediction with the message of what run throws", async () => {
    const { api } = await startEmulator({ models: [greeter] });
    const prediction = await json(
      await api("/models/acme/greeter/predictions", {
        method: "POST",
        headers: { prefer: "wait=10" },
        json: { input: { name: "nobody" } },
      }),
    );
    expect(prediction).toMatchObject({ status: "failed", error: "nobody to greet", output: null });
  });

  it("streams an async generator's yields and collects them as the output", async () => {
    const { api } = await startEmulator({ models: [words] });
    const prediction = await json(
      await api("/models/acme/words/predictions", { method: "POST", json: { input: { text: "a b c" } } }),
    );
    const { events } = parseEvents((await readAll(await fetch(prediction.urls.stream))).text);
    expect(events.filter((event) => event.event === "output").map((event) => event.data)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(events.at(-1)?.event).toBe("done");
    const done = await json(await api(`/predictions/${prediction.id}`));
    expect(done).toMatchObject({ status: "succeeded", output: ["a", "b", "c"] });
  });

  it("serves files a model makes, and aborts its signal on cancel", async () => {
    let aborted = false;
    const painter = defineModel({
      owner: "acme",
      name: "painter",
      input: { type: "object", properties: { hold: { type: "boolean" } } },
      async run(input, context) {
        const url = context.file(new Uint8Array([137, 80, 78, 71]), "image/png");
        if (!input.hold) return [url];
        context.signal.addEventListener("abort", () => {
          aborted = true;
        });
        await context.sleep(60_000);
        return [url];
      },
    });
    const { api, url } = await startEmulator({ models: [painter] });
    const made = await json(
      await api("/models/acme/painter/predictions", {
        method: "POST",
        headers: { prefer: "wait=10" },
        json: { input: {} },
      }),
    );
    expect(made.output[0]).toMatch(new RegExp(`^${url}/delivery/[a-z2-7]{26}/out-0\\.png$`));
    const image = await fetch(made.output[0]);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await image.arrayBuffer())]).toEqual([137, 80, 78, 71]);

    const held = await json(
      await api("/models/acme/painter/predictions", { method: "POST", json: { input: { hold: true } } }),
    );
    await pollUntil(
      async () => (await json(await api(`/predictions/${held.id}`))).status,
      (status) => status === "processing",
    );
    const canceled = await json(await api(`/predictions/${held.id}/cancel`, { method: "POST" }));
    expect(canceled.status).toBe("canceled");
    expect(aborted).toBe(true);
  });

  it("trains: the training's weights go to a new version of the destination, which runs with them", async () => {
    const tunable = defineModel({
      owner: "acme",
      name: "tunable",
      input: { type: "object", properties: { text: { type: "string" } } },
      async run(input, context) {
        const weights = context.weights === null ? "base" : await (await fetch(context.weights)).text();
        return `${weights}:${input.text}`;
      },
      train: {
        input: { type: "object", properties: { style: { type: "string" } }, required: ["style"] },
        async run(input, context) {
          context.log(`learning ${input.style}`);
          return context.file(String(input.style), "text/plain");
        },
      },
    });
    const { api } = await startEmulator({ models: [tunable] });
    const model = await json(await api("/models/acme/tunable"));
    const trainingsPath = `/models/acme/tunable/versions/${model.latest_version.id}/trainings`;
    const bad = await api(trainingsPath, { method: "POST", json: { destination: "acme/tuned", input: {} } });
    expect((await json(bad)).invalid_fields).toEqual([{ field: "input.style", message: "is required" }]);
    const training = await json(
      await api(trainingsPath, {
        method: "POST",
        json: { destination: "acme/tuned", input: { style: "pirate" } },
      }),
    );
    const done = await pollUntil(
      async () => json(await api(`/trainings/${training.id}`)),
      (current: Loose) => current.status === "succeeded",
    );
    expect(done.output).toEqual({
      version: expect.stringMatching(/^acme\/tuned:[0-9a-f]{64}$/),
      weights: expect.any(String),
    });
    const tuned = await json(
      await api("/predictions", {
        method: "POST",
        headers: { prefer: "wait=10" },
        json: { version: done.output.version, input: { text: "ahoy" } },
      }),
    );
    expect(tuned.output).toBe("pirate:ahoy");
    const base = await json(
      await api("/models/acme/tunable/predictions", {
        method: "POST",
        headers: { prefer: "wait=10" },
        json: { input: { text: "ahoy" } },
      }),
    );
    expect(base.output).toBe("base:ahoy");
  });

  it("leaves out the built-in models with builtins: false", async () => {
    const { api } = await startEmulator({ models: [greeter], builtins: false });
    const page = await json(await api("/models"));
    expect(page.results.map((model: Loose) => `${model.owner}/${model.name}`)).toEqual(["acme/greeter"]);
    expect((await json(await api("/deployments"))).results).toEqual([]);
  });

  it("refuses bad definitions with a TypeError that names the field", () => {
    const run = async () => null;
    expect(() => defineModel({ owner: "acme", name: "bad name", input: { type: "object" }, run })).toThrow(
      /`name` must be letters/,
    );
    expect(() => defineModel({ owner: "acme", name: "x", input: { type: "string" }, run })).toThrow(
      /acme\/x: `input` must be a JSON Schema of an object/,
    );
    // @ts-expect-error: run is required
    expect(() => defineModel({ owner: "acme", name: "x", input: { type: "object" } })).toThrow(
      /`run` must be a function/,
    );
    expect(() => createEmulator({ models: [greeter, greeter] })).toThrow(/acme\/greeter is defined twice/);
    // @ts-expect-error: one model, not an array of them
    expect(() => createEmulator({ models: greeter })).toThrow(/`models` must be an array/);
    expect(() =>
      defineModel({
        owner: "acme",
        name: "x",
        input: { type: "object" },
        train: { input: { type: "object" } } as never,
        run,
      }),
    ).toThrow(/acme\/x: `train` must be a function or \{ input, run \}/);
    expect(() =>
      createEmulator({
        models: [defineModel({ owner: "dashscope", name: "hello-world", input: { type: "object" }, run })],
      }),
    ).toThrow(/dashscope\/hello-world is defined twice/);
  });
});
