import { describe, expect, it } from "vitest";
import { type Loose, runCli, startEmulator } from "./helpers";

async function json(args: string[], server: Awaited<ReturnType<typeof startEmulator>>): Promise<Loose> {
  const result = await runCli([...args, "--json"], { server });
  // stderr may carry status lines, never an error.
  expect(result.stderr).not.toContain("dashscope:");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe("dashscope stream", () => {
  it("prints the output as it arrives", async () => {
    const server = await startEmulator();
    const result = await runCli(["stream", "dashscope/echo-stream", "prompt=one two  three", "delay_ms=1"], {
      server,
    });
    expect(result).toMatchObject({ code: 0, stdout: "one two  three\n" });
  });

  it("prints each event as a JSON line with --json", async () => {
    const server = await startEmulator();
    const result = await runCli(["stream", "dashscope/echo-stream", "prompt=a b", "--json"], { server });
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.filter((event) => event.event === "output").map((event) => event.data)).toEqual([
      "a ",
      "b",
    ]);
    expect(events.at(-1)).toMatchObject({ event: "done", data: "{}" });
  });

  it("exits 1 when the stream reports an error", async () => {
    const server = await startEmulator();
    const result = await runCli(["stream", "dashscope/echo-stream", "prompt=a b c", "fail_after=1"], {
      server,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("a \n");
    expect(result.stderr).toContain("the prediction failed: failed after 1 tokens");
  });

  it("exits 2 for a model that cannot stream, and cancels the prediction it made", async () => {
    const server = await startEmulator({ timeScale: 1 });
    const result = await runCli(["stream", "dashscope/sleep", "seconds=30"], { server });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("dashscope/sleep cannot stream its output");
    const page = await server.api("/predictions");
    expect(page.results[0]).toMatchObject({ model: "dashscope/sleep", status: "canceled" });
  });
});

describe("dashscope predictions", () => {
  it("lists, gets and cancels predictions", async () => {
    const server = await startEmulator({ timeScale: 1 });
    const hello = await json(["run", "dashscope/hello-world", "text=list"], server);
    const page = await json(["predictions", "list"], server);
    expect(page).toMatchObject({ previous: null, next: null });
    expect(page.results.map((prediction: Loose) => prediction.id)).toContain(hello.id);
    expect(await json(["predictions", "get", hello.id], server)).toMatchObject({
      id: hello.id,
      output: "hello list",
    });

    const created = await server.api("/models/dashscope/sleep/predictions", { input: { seconds: 60 } });
    expect(await json(["predictions", "cancel", created.id], server)).toMatchObject({
      id: created.id,
      status: "canceled",
    });
  });

  it("shows a table off --json, and a prediction as fields", async () => {
    const server = await startEmulator();
    const hello = await json(["run", "dashscope/hello-world", "text=table"], server);
    const list = await runCli(["predictions", "list"], { server });
    expect(list.code).toBe(0);
    // Off a terminal: tab-separated rows, no header.
    expect(list.stdout.split("\n")[0]?.split("\t")).toEqual([
      hello.id,
      "dashscope/hello-world",
      "succeeded",
      hello.created_at,
    ]);
    const get = await runCli(["predictions", "get", hello.id], { server });
    expect(get.stdout).toMatch(new RegExp(`^id +${hello.id}$`, "m"));
    expect(get.stdout).toMatch(/^status +succeeded$/m);
    expect(get.stdout).toMatch(/^output +hello table$/m);
  });

  it("follows --cursor to the next page", async () => {
    const server = await startEmulator({ pageSize: 1 });
    await json(["run", "dashscope/hello-world", "text=one"], server);
    await json(["run", "dashscope/hello-world", "text=two"], server);
    const first = await json(["predictions", "list"], server);
    expect(first.results).toHaveLength(1);
    expect(first.next).toMatch(/cursor=/);
    const cursor = new URL(first.next).searchParams.get("cursor") as string;
    const second = await json(["predictions", "list", "--cursor", cursor], server);
    expect(second.results[0].input).toEqual({ text: "one" });
    // A whole next URL works too.
    expect((await json(["predictions", "list", "--cursor", first.next], server)).results).toEqual(
      second.results,
    );
  });
});

describe("dashscope trainings", () => {
  it("creates, follows, gets, lists and cancels trainings", async () => {
    const server = await startEmulator();
    const trained = await json(
      [
        "trainings",
        "create",
        "dashscope/tiny-trainer",
        "steps=3",
        "data=abc",
        "--destination",
        "me/tiny",
        "--wait",
      ],
      server,
    );
    expect(trained).toMatchObject({ status: "succeeded", input: { steps: 3, data: "abc" } });
    expect(trained.output.version).toMatch(/^me\/tiny:[0-9a-f]{64}$/);
    // The new version runs.
    const echoed = await json(["run", "me/tiny", "text=trained"], server);
    expect(echoed.output).toBe("trained");

    expect(await json(["trainings", "get", trained.id], server)).toMatchObject({ id: trained.id });
    const page = await json(["trainings", "list"], server);
    expect(page.results.map((training: Loose) => training.id)).toContain(trained.id);

    const started = await json(
      ["trainings", "create", "dashscope/tiny-trainer", "steps=1000", "--destination", "me/tiny"],
      server,
    );
    expect(started.status).toBe("starting");
    expect(await json(["trainings", "cancel", started.id], server)).toMatchObject({ status: "canceled" });
  });

  it("needs --destination", async () => {
    const result = await runCli(["trainings", "create", "dashscope/tiny-trainer", "steps=1"], {
      env: { DASHSCOPE_API_TOKEN: "unused-token" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing --destination");
  });
});

describe("dashscope models, deployments, collections, hardware, account", () => {
  it("lists and gets models and versions", async () => {
    const server = await startEmulator();
    const models = await json(["models", "list"], server);
    expect(models.results.map((model: Loose) => `${model.owner}/${model.name}`)).toContain(
      "dashscope/gradient",
    );
    const model = await json(["models", "get", "dashscope/gradient"], server);
    expect(model.latest_version.openapi_schema.components.schemas.Input.properties.width.type).toBe(
      "integer",
    );
    const versions = await json(["models", "versions", "dashscope/gradient"], server);
    expect(versions.results[0].id).toBe(model.latest_version.id);

    const text = await runCli(["models", "get", "dashscope/gradient"], { server });
    expect(text.stdout).toMatch(/^model +dashscope\/gradient$/m);
    expect(text.stdout).toMatch(/^width\tinteger\t256\tImage width in pixels\.$/m);
  });

  it("lists and gets deployments", async () => {
    const server = await startEmulator();
    const page = await json(["deployments", "list"], server);
    expect(page.results[0]).toMatchObject({ owner: "dashscope", name: "hello" });
    const deployment = await json(["deployments", "get", "dashscope/hello"], server);
    expect(deployment.current_release.model).toBe("dashscope/hello-world");
    const table = await runCli(["deployments", "list"], { server });
    expect(table.stdout).toBe("dashscope/hello\tdashscope/hello-world\t1\tcpu\t0-1\n");
  });

  it("lists and gets collections", async () => {
    const server = await startEmulator();
    const page = await json(["collections", "list"], server);
    expect(page.results[0]).toMatchObject({ slug: "built-in" });
    const collection = await json(["collections", "get", "built-in"], server);
    expect(collection.models.length).toBeGreaterThan(3);
  });

  it("lists hardware and shows the account", async () => {
    const server = await startEmulator();
    const hardware = await json(["hardware"], server);
    expect(hardware).toContainEqual({ name: "CPU", sku: "cpu" });
    expect(await json(["account"], server)).toMatchObject({ username: "dashscope", type: "organization" });
    const table = await runCli(["hardware"], { server });
    expect(table.stdout.split("\n")[0]).toBe("cpu\tCPU");
  });
});
