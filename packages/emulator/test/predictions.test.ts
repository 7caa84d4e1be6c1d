import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { json, type Loose, pollUntil, startEmulator } from "./helpers";

type Prediction = Loose;

describe("predictions", () => {
  it("runs the lifecycle in time: starting, processing, succeeded", async () => {
    // Slow enough (0.5 s of processing) that a poll on a loaded machine still sees each state.
    const { api, url, emulator } = await startEmulator({ timeScale: 0.1 });
    const created = await api("/predictions", {
      method: "POST",
      json: { version: "dashscope/sleep", input: { seconds: 5 } },
    });
    expect(created.status).toBe(201);
    const prediction = await json<Prediction>(created);
    expect(prediction).toMatchObject({
      model: "dashscope/sleep",
      status: "starting",
      input: { seconds: 5 },
      output: null,
      error: null,
      started_at: null,
      completed_at: null,
      source: "api",
      urls: {
        get: `${url}/predictions/${prediction.id}`,
        cancel: `${url}/predictions/${prediction.id}/cancel`,
      },
    });
    expect(prediction.id).toMatch(/^[a-z2-7]{26}$/);
    expect(prediction.version).toMatch(/^[0-9a-f]{64}$/);
    expect(prediction.urls.stream).toBeUndefined();
    expect(Date.parse(prediction.created_at)).not.toBeNaN();
    expect(prediction.created_at.endsWith("Z")).toBe(true);

    const processing = await pollUntil(
      async () => json<Prediction>(await api(`/predictions/${prediction.id}`)),
      (current) => current.status !== "starting",
    );
    expect(processing.status).toBe("processing");
    expect(processing.started_at).not.toBeNull();
    expect(processing.logs).toContain("sleeping for 5 seconds");

    const done = await pollUntil(
      async () => json<Prediction>(await api(`/predictions/${prediction.id}`)),
      (current) => current.status === "succeeded",
    );
    expect(done.output).toBe("slept 5");
    expect(done.completed_at).not.toBeNull();
    expect(done.metrics.predict_time).toBeGreaterThanOrEqual(0);
    expect(done.metrics.total_time).toBeGreaterThanOrEqual(done.metrics.predict_time);
    expect(emulator.stats.predictionsCreated).toBe(1);
  });

  it("holds a create with Prefer: wait until the prediction is terminal", async () => {
    const { api } = await startEmulator();
    const response = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "Alice" } },
      headers: { prefer: "wait" },
    });
    expect(response.status).toBe(201);
    const prediction = await json<Prediction>(response);
    expect(prediction).toMatchObject({
      status: "succeeded",
      output: "hello Alice",
      logs: "saying hello to Alice\n",
    });
    const model = await json(await api("/models/dashscope/hello-world"));
    expect(model.run_count).toBe(1);
  });

  it("answers a create with Prefer: wait=1 after at most the window when the run takes longer", async () => {
    // At time scale 1 this sleep lasts an hour, so the 1 s window must end the hold.
    const { api } = await startEmulator({ timeScale: 1 });
    const response = await api("/predictions", {
      method: "POST",
      json: { version: "dashscope/sleep", input: { seconds: 3600 } },
      headers: { prefer: "wait=1" },
    });
    expect(response.status).toBe(201);
    expect(["starting", "processing"]).toContain((await json<Prediction>(response)).status);
  });

  it("long-polls GET with Prefer: wait and says so in Preference-Applied", async () => {
    const { api } = await startEmulator();
    const prediction = await json<Prediction>(
      await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/sleep", input: { seconds: 10 } },
      }),
    );
    const response = await api(`/predictions/${prediction.id}`, { headers: { prefer: "wait=30" } });
    expect(response.headers.get("preference-applied")).toBe("wait=30");
    expect((await json<Prediction>(response)).status).toBe("succeeded");
    const plain = await api(`/predictions/${prediction.id}`);
    expect(plain.headers.get("preference-applied")).toBeNull();
  });

  it("ignores Prefer: wait on GET when longPoll is off", async () => {
    const { api } = await startEmulator({ longPoll: false, timeScale: 1 });
    const prediction = await json<Prediction>(
      await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/sleep", input: { seconds: 3600 } },
      }),
    );
    const response = await api(`/predictions/${prediction.id}`, { headers: { prefer: "wait=5" } });
    expect(response.headers.get("preference-applied")).toBeNull();
    expect((await json<Prediction>(response)).status).not.toBe("succeeded");
  });

  it("cancels a running prediction for good, and answers a terminal one unchanged", async () => {
    const { api } = await startEmulator({ timeScale: 1 });
    const prediction = await json<Prediction>(
      await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/sleep", input: { seconds: 3600 } },
      }),
    );
    const canceled = await api(`/predictions/${prediction.id}/cancel`, { method: "POST" });
    expect(canceled.status).toBe(200);
    const body = await json<Prediction>(canceled);
    expect(body.status).toBe("canceled");
    expect(body.completed_at).not.toBeNull();
    const again = await json<Prediction>(
      await api(`/predictions/${prediction.id}/cancel`, { method: "POST" }),
    );
    expect(again).toEqual(body);
    expect(await json(await api(`/predictions/${prediction.id}`))).toEqual(body);
  });

  it("fails a sleep that is asked to fail, with its message as the error", async () => {
    const { api } = await startEmulator();
    const prediction = await json<Prediction>(
      await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/sleep", input: { seconds: 0.1, fail: true, message: "boom" } },
        headers: { prefer: "wait" },
      }),
    );
    expect(prediction).toMatchObject({ status: "failed", error: "boom", output: null });
  });

  it("validates input against the version's schema with invalid_fields", async () => {
    const { api, emulator } = await startEmulator();
    const missing = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: {} },
    });
    expect(missing.status).toBe(422);
    const problem = await json(missing);
    expect(problem).toMatchObject({
      status: 422,
      invalid_fields: [{ field: "input.text", message: expect.any(String) }],
    });
    expect(problem.detail).toContain("input.text");
    const mistyped = await api("/models/dashscope/gradient/predictions", {
      method: "POST",
      json: { input: { width: "wide", height: 2000 } },
    });
    expect(
      (await json<{ invalid_fields: { field: string }[] }>(mistyped)).invalid_fields.map(
        (field) => field.field,
      ),
    ).toEqual(["input.width", "input.height"]);
    expect(
      (await api("/predictions", { method: "POST", json: { version: "f".repeat(64), input: {} } })).status,
    ).toBe(422);
    expect((await api("/predictions", { method: "POST", json: { input: { text: "x" } } })).status).toBe(422);
    const badWebhook = await api("/predictions", {
      method: "POST",
      json: { version: "dashscope/hello-world", input: { text: "x" }, webhook: "https://example.com/hook" },
    });
    expect(badWebhook.status).toBe(422);
    expect((await json<{ invalid_fields: { field: string }[] }>(badWebhook)).invalid_fields[0]?.field).toBe(
      "webhook",
    );
    expect(emulator.stats.predictionsCreated).toBe(0);
  });

  it("accepts a version as an id, owner/name:id or owner/name", async () => {
    const { api } = await startEmulator();
    const id = createHash("sha256").update("dashscope/hello-world@1").digest("hex");
    for (const version of [id, `dashscope/hello-world:${id}`, "dashscope/hello-world"]) {
      const response = await api("/predictions", { method: "POST", json: { version, input: { text: "v" } } });
      expect(response.status).toBe(201);
      expect((await json<Prediction>(response)).version).toBe(id);
    }
  });

  it("renders a real PNG for gradient, with tqdm-style progress logs", async () => {
    const { api } = await startEmulator();
    const prediction = await json<Prediction>(
      await api("/models/dashscope/gradient/predictions", {
        method: "POST",
        json: { input: { width: 16, height: 8 } },
        headers: { prefer: "wait" },
      }),
    );
    expect(prediction.status).toBe("succeeded");
    expect(prediction.logs).toContain("  40%|████      | 4/10 [00:01<00:01, 5.0it/s]");
    expect(prediction.logs).toContain(" 100%|██████████| 10/10");
    const [imageUrl] = prediction.output as string[];
    expect(imageUrl).toMatch(/\/v1\/delivery\/[a-z2-7]{26}\/out-0\.png$/);
    const image = await fetch(imageUrl as string);
    expect(image.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(16);
    expect(bytes.readUInt32BE(20)).toBe(8);
    const idatLength = bytes.readUInt32BE(33);
    expect(bytes.subarray(37, 41).toString("latin1")).toBe("IDAT");
    const pixels = inflateSync(bytes.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(8 * (16 * 3 + 1));
  });

  it("describes a data: URI, an uploaded file and a loopback URL with image-info", async () => {
    const { api } = await startEmulator();
    const run = async (image: string) =>
      json<Prediction>(
        await api("/models/dashscope/image-info/predictions", {
          method: "POST",
          json: { input: { image } },
          headers: { prefer: "wait" },
        }),
      );
    const bytes = Buffer.from("not really a png");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect((await run(`data:image/png;base64,${bytes.toString("base64")}`)).output).toEqual({
      content_type: "image/png",
      bytes: bytes.length,
      sha256,
    });

    const form = new FormData();
    form.append("content", new Blob([bytes], { type: "image/png" }), "upload.png");
    const file = await json<Prediction>(await api("/files", { method: "POST", body: form }));
    expect((await run(file.urls.get)).output).toEqual({
      content_type: "image/png",
      bytes: bytes.length,
      sha256,
    });

    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "image/gif" }).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect((await run(`http://127.0.0.1:${port}/picture.gif`)).output).toEqual({
        content_type: "image/gif",
        bytes: bytes.length,
        sha256,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const remote = await run("https://example.com/picture.png");
    expect(remote.status).toBe("failed");
    expect(remote.error).toContain("loopback");
  });

  it("lists predictions newest first over several pages, following next and previous", async () => {
    const { api } = await startEmulator({ pageSize: 2 });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const prediction = await json<Prediction>(
        await api("/predictions", {
          method: "POST",
          json: { version: "dashscope/hello-world", input: { text: `${index}` } },
        }),
      );
      ids.unshift(prediction.id);
    }
    const seen: string[] = [];
    let page = await json<{ previous: string | null; next: string | null; results: Prediction[] }>(
      await api("/predictions"),
    );
    expect(page.previous).toBeNull();
    const pages = [page];
    for (let count = 0; count < 10; count++) {
      seen.push(...page.results.map((prediction) => prediction.id));
      if (page.next === null) break;
      expect(page.next.startsWith(`${new URL(page.next).origin}/v1/predictions?cursor=`)).toBe(true);
      page = await json(await api(page.next));
      pages.push(page);
    }
    expect(seen).toEqual(ids);
    expect(pages.map((item) => item.results.length)).toEqual([2, 2, 1]);
    const back = await json<{ results: Prediction[] }>(await api(pages[2]?.previous as string));
    expect(back.results.map((prediction) => prediction.id)).toEqual(ids.slice(2, 4));
  });

  it("replays a create with the same Idempotency-Key and refuses a different body", async () => {
    const { api, emulator } = await startEmulator();
    const body = { version: "dashscope/hello-world", input: { text: "once" } };
    const first = await api("/predictions", {
      method: "POST",
      json: body,
      headers: { "idempotency-key": "key-1" },
    });
    const firstBody = await json<Prediction>(first);
    const replay = await api("/predictions", {
      method: "POST",
      json: body,
      headers: { "idempotency-key": "key-1", prefer: "wait" },
    });
    expect(replay.status).toBe(201);
    const replayBody = await json<Prediction>(replay);
    expect(replayBody.id).toBe(firstBody.id);
    // The replay waited like a create, so it shows the current (finished) state.
    expect(replayBody.status).toBe("succeeded");
    const conflict = await api("/predictions", {
      method: "POST",
      json: { ...body, input: { text: "twice" } },
      headers: { "idempotency-key": "key-1" },
    });
    expect(conflict.status).toBe(422);
    expect(emulator.stats.predictionsCreated).toBe(1);
    expect(emulator.stats.countByRoute()).toEqual({ "POST /predictions 201": 2, "POST /predictions 422": 1 });
    expect(emulator.stats.requests.map((request) => request.idempotencyKey)).toEqual([
      "key-1",
      "key-1",
      "key-1",
    ]);
  });

  it("replays idempotent creates of models, deployments and files", async () => {
    const { api, emulator } = await startEmulator();
    const headers = { "idempotency-key": "same" };
    const model = { owner: "dashscope", name: "idem", visibility: "public", hardware: "cpu" };
    expect((await api("/models", { method: "POST", json: model, headers })).status).toBe(201);
    expect((await api("/models", { method: "POST", json: model, headers })).status).toBe(201);

    const deployment = {
      name: "idem",
      model: "dashscope/hello-world",
      version: createHash("sha256").update("dashscope/hello-world@1").digest("hex"),
      hardware: "cpu",
      min_instances: 0,
      max_instances: 1,
    };
    const deploymentHeaders = { "idempotency-key": "deployment" };
    expect(
      (await api("/deployments", { method: "POST", json: deployment, headers: deploymentHeaders })).status,
    ).toBe(200);
    expect(
      (await api("/deployments", { method: "POST", json: deployment, headers: deploymentHeaders })).status,
    ).toBe(200);
    expect(emulator.stats.deploymentsCreated).toBe(1);

    const upload = () => {
      const form = new FormData();
      form.append("content", new Blob(["same bytes"], { type: "text/plain" }), "same.txt");
      return api("/files", { method: "POST", body: form, headers: { "idempotency-key": "file" } });
    };
    const firstFile = await json(await upload());
    const secondFile = await json(await upload());
    expect(secondFile.id).toBe(firstFile.id);
    expect(emulator.stats.filesCreated).toBe(1);
    // The same key on another route is a different request.
    expect(
      (await api("/models", { method: "POST", json: { ...model, name: "other" }, headers })).status,
    ).toBe(422);
  });
});
