// The user's README, section by section: each usage as written there (renamed), through dashscope and,
// where replicate 1.4.0 runs it against the emulator too, through replicate, and both must agree.
import { readFile } from "node:fs/promises";
import type Dashscope from "dashscope";
import type { Prediction } from "dashscope";
import { describe, expect, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

async function latestVersion(dashscope: Dashscope, owner: string, name: string): Promise<string> {
  return (await dashscope.models.get(owner, name)).latest_version?.id as string;
}

describe("the seed README through dashscope and replicate", () => {
  it("creates a client and runs a model with a version, waiting for the result", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const model: `${string}/${string}` = `dashscope/gradient:${await latestVersion(dashscope, "dashscope", "gradient")}`;
      const input = { width: 16, height: 16 };
      const output = await dashscope.run(model, { input });
      return (output as string[]).map((url) => url.replace(/\/delivery\/.+$/, "/delivery/<file>"));
    });
    expect(ours).toEqual([`${server.baseUrl}/delivery/<file>`]);
    expect(theirs).toEqual(ours);
  });

  it("runs a model in the background, gets it later, or waits for it", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      let prediction = await dashscope.predictions.create({
        version: await latestVersion(dashscope, "dashscope", "hello-world"),
        input: { text: "Alice" },
      });
      const created = prediction.status;
      prediction = await dashscope.predictions.get(prediction.id);
      prediction = await dashscope.wait(prediction);
      return [created, prediction.status, prediction.output];
    });
    expect(ours).toEqual(["starting", "succeeded", "hello Alice"]);
    expect(theirs).toEqual(ours);
  });

  it("runs a model on a file given as a base64 data URI", async () => {
    const data = await readFile(new URL("../../../examples/assets/dashscope.png", import.meta.url));
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const base64 = data.toString("base64");
      const mimeType = "image/png";
      const dataURI = `data:${mimeType};base64,${base64}`;
      const model = "dashscope/image-info";
      const input = { image: dataURI };
      return dashscope.run(model, { input });
    });
    expect(ours).toMatchObject({ content_type: "image/png", bytes: data.length });
    expect(theirs).toEqual(ours);
  });

  it("takes the constructor's options: auth, userAgent, baseUrl and fetch", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (_client, Client) => {
      const agents: Array<string | null> = [];
      const dashscope = new Client({
        auth: token,
        userAgent: "my-app/1.0",
        baseUrl: server.baseUrl,
        fetch: (url, init) => {
          agents.push(new Headers(init?.headers).get("user-agent"));
          return fetch(url, init);
        },
      });
      await dashscope.hardware.list();
      return agents;
    });
    expect(ours).toEqual(["my-app/1.0"]);
    expect(theirs).toEqual(ours);
  });

  it("lets dashscope.fetch be overridden to add a header and log", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const logged: Array<string | null> = [];
      dashscope.fetch = (url, options) => {
        const headers = new Headers(options?.headers);
        headers.append("X-Custom-Header", "some value");
        logged.push(headers.get("x-custom-header"));
        return fetch(url, { ...options, headers });
      };
      const output = await dashscope.run("dashscope/hello-world", { input: { text: "fetch" } });
      return { output, logged: logged.every((value) => value === "some value") && logged.length > 0 };
    });
    expect(ours).toEqual({ output: "hello fetch", logged: true });
    expect(theirs).toEqual(ours);
  });

  it("runs with an identifier, options (wait.interval, webhook, signal) and a progress callback", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const identifier: `${string}/${string}` = `dashscope/hello-world:${await latestVersion(dashscope, "dashscope", "hello-world")}`;
      const updates: string[] = [];
      const output = await dashscope.run(
        identifier,
        {
          input: { text: "progress" },
          wait: { interval: 10 },
          webhook_events_filter: ["completed"],
          signal: new AbortController().signal,
        },
        (prediction: Prediction) => updates.push(prediction.status),
      );
      return { output, last: updates.at(-1) };
    });
    expect(ours).toEqual({ output: "hello progress", last: "succeeded" });
    expect(theirs).toEqual(ours);
  });

  it("with wait: { interval } and no mode, polls: the create is not held, progress sees every answer", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const before = server.emulator.stats.requests.length;
      const updates: string[] = [];
      const output = await dashscope.run(
        "dashscope/sleep",
        { input: { seconds: 0.3 }, wait: { interval: 20 } },
        (prediction: Prediction) => updates.push(prediction.status),
      );
      const sent = server.emulator.stats.requests.slice(before);
      const create = sent.find((request) => request.method === "POST");
      return {
        output,
        first: updates[0],
        last: updates.at(-1),
        held: Boolean(create?.prefer),
        progressOnEveryPoll: updates.length === sent.length,
      };
    });
    expect(ours).toMatchObject({ first: "starting", last: "succeeded", held: false });
    expect(ours.progressOnEveryPoll).toBe(true);
    expect(theirs).toMatchObject({ first: "starting", last: "succeeded", held: false });
  });

  it("throws an Error when the prediction fails", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const error = await dashscope
        .run("dashscope/sleep", { input: { seconds: 0.1, fail: true, message: "out of memory" } })
        .catch((caught: Error) => caught);
      return [error instanceof Error, (error as Error).message];
    });
    expect(ours).toEqual([true, "Prediction failed: out of memory"]);
    expect(theirs).toEqual(ours);
  });

  it("gets, lists and creates models, lists hardware, versions and a collection", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope, Client) => {
      const model = await dashscope.models.get("dashscope", "hello-world");
      const models = await dashscope.models.list();
      const created = await dashscope.models.create("dashscope", `seed-${Client.name.toLowerCase()}`, {
        visibility: "private",
        hardware: "cpu",
      });
      const hardware = await dashscope.hardware.list();
      const versions = await dashscope.models.versions.list("dashscope", "hello-world");
      const version = await dashscope.models.versions.get(
        "dashscope",
        "hello-world",
        versions.results[0]?.id ?? "",
      );
      const collection = await dashscope.collections.get("built-in");
      return {
        model: model.name,
        models: models.results.length > 0,
        created: [created.owner, created.visibility],
        hardware,
        version: version.id === versions.results[0]?.id,
        collection: collection.slug,
      };
    });
    expect(ours).toMatchObject({ model: "hello-world", models: true, created: ["dashscope", "private"] });
    expect(theirs).toEqual(ours);
  });

  it("creates with a stream URL, gets, cancels and lists predictions", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const streamed = await dashscope.predictions.create({
        version: await latestVersion(dashscope, "dashscope", "echo-stream"),
        input: { prompt: "a raccoon" },
        stream: true,
      });
      const sleeping = await dashscope.predictions.create({
        model: "dashscope/sleep",
        input: { seconds: 100 },
      });
      const got = await dashscope.predictions.get(sleeping.id);
      const canceled = await dashscope.predictions.cancel(sleeping.id);
      const page = await dashscope.predictions.list();
      return {
        stream: typeof streamed.urls.stream,
        got: got.id === sleeping.id,
        canceled: canceled.status,
        listed: "results" in page && "next" in page,
      };
    });
    expect(ours).toEqual({ stream: "string", got: true, canceled: "canceled", listed: true });
    expect(theirs).toEqual(ours);
  });

  it("creates, gets, cancels and lists trainings", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const version = await latestVersion(dashscope, "dashscope", "tiny-trainer");
      const training = await dashscope.trainings.create("dashscope", "tiny-trainer", version, {
        destination: "dashscope/seed-trained",
        input: { steps: 1000 },
      });
      const got = await dashscope.trainings.get(training.id);
      const canceled = await dashscope.trainings.cancel(training.id);
      const page = await dashscope.trainings.list();
      return [
        training.status,
        got.id === training.id,
        canceled.status,
        page.results.some((t) => t.id === training.id),
      ];
    });
    expect(ours).toEqual(["starting", true, "canceled", true]);
    expect(theirs).toEqual(ours);
  });

  it("creates a prediction on a deployment and waits for it", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const prediction = await dashscope.deployments.predictions.create("dashscope", "hello", {
        input: { text: "Deb" },
      });
      return (await dashscope.wait(prediction)).output;
    });
    expect(ours).toBe("hello Deb");
    expect(theirs).toEqual(ours);
  });

  it("paginates in a for loop and by hand", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      let seen = 0;
      for await (const page of dashscope.paginate(dashscope.predictions.list)) {
        for (const prediction of page) if (prediction.id) seen++;
      }
      const paginator = dashscope.paginate(dashscope.predictions.list);
      const page1 = await paginator.next();
      const page2 = await paginator.next();
      return { some: seen > 2, page1: page1.value?.length, page2: page2.done };
    });
    expect(ours).toEqual({ some: true, page1: 2, page2: false });
    expect(theirs).toEqual(ours);
  });

  it("sends a request with dashscope.request(route, parameters)", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (dashscope) => {
      const response = await dashscope.request("/account", { method: "GET" });
      return (await response.json()).username;
    });
    expect(ours).toBe("dashscope");
    expect(theirs).toEqual(ours);
  });
});
