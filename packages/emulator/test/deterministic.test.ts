import { describe, expect, it } from "vitest";
import { createEmulator, EMULATOR_TOKEN } from "../src/index";
import { json, type Loose, startEmulator } from "./helpers";

/** Everything random a short session shows: ids of each kind, a served file's URL, the secret. */
async function session(seed: number | undefined) {
  const { api, url } = await startEmulator(seed === undefined ? {} : { seed });
  const created = await api("/models/dashscope/gradient/predictions", {
    method: "POST",
    headers: { prefer: "wait=30" },
    json: { input: { width: 2, height: 2 } },
  });
  const prediction = await json(created);
  const form = new FormData();
  form.append("content", new Blob(["x"]), "x.txt");
  const file = await json(await api("/files", { method: "POST", body: form }));
  const secret = await json(await api("/webhooks/default/secret"));
  return {
    predictionId: prediction.id,
    requestId: created.headers.get("x-request-id"),
    output: String(prediction.output[0]).slice(url.length),
    fileId: file.id,
    fileUrl: String(file.urls.get).slice(url.length),
    secret: secret.key,
  };
}

describe("a seeded emulator", () => {
  it("gives the same ids, file URLs and webhook secret on every run", async () => {
    const first = await session(42);
    const second = await session(42);
    expect(second).toEqual(first);
    expect(first.predictionId).toMatch(/^[a-z2-7]{26}$/);
    expect(first.requestId).toMatch(/^req_[0-9a-f]{24}$/);
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const other = await session(43);
    expect(other.predictionId).not.toBe(first.predictionId);
    expect(other.secret).not.toBe(first.secret);
  });

  it("takes the webhook secret as given", async () => {
    const { api, emulator } = await startEmulator({ webhookSecret: "whsec_c2VjcmV0" });
    expect(await json(await api("/webhooks/default/secret"))).toEqual({ key: "whsec_c2VjcmV0" });
    expect(emulator.webhookSecret).toBe("whsec_c2VjcmV0");
    expect(() => createEmulator({ webhookSecret: "secret" })).toThrow(/`webhookSecret` must be `whsec_`/);
  });
});

describe("a manual clock", () => {
  it("steps a prediction through starting, processing and succeeded only when advanced", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 1 });
    const read = async (id: string): Promise<Loose> => json(await api(`/predictions/${id}`));
    const { id } = await json(
      await api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        json: { input: { text: "Ada" } },
      }),
    );
    expect((await read(id)).status).toBe("starting");
    await emulator.advance(99);
    expect((await read(id)).status).toBe("starting");
    await emulator.advance(1);
    const processing = await read(id);
    expect(processing).toMatchObject({ status: "processing", logs: "saying hello to Ada\n" });
    await emulator.advance(299);
    expect((await read(id)).status).toBe("processing");
    await emulator.advance(1);
    const done = await read(id);
    expect(done).toMatchObject({
      status: "succeeded",
      output: "hello Ada",
      metrics: { predict_time: 0.3, total_time: 0.4 },
    });
    expect(Date.parse(done.completed_at) - Date.parse(done.created_at)).toBe(400);
  });

  it("runs every step a single advance covers, in order", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 1 });
    const { id } = await json(
      await api("/models/dashscope/echo-stream/predictions", {
        method: "POST",
        json: { input: { prompt: "a b c", delay_ms: 1000 } },
      }),
    );
    await emulator.advance(2100);
    expect(await json(await api(`/predictions/${id}`))).toMatchObject({
      status: "processing",
      output: ["a ", "b "],
    });
    await emulator.advance(1000);
    expect(await json(await api(`/predictions/${id}`))).toMatchObject({
      status: "succeeded",
      output: ["a ", "b ", "c"],
    });
  });

  it("refuses advance on a real clock, a bad clock option and a bad step", async () => {
    const emulator = createEmulator();
    await expect(emulator.advance(10)).rejects.toThrow(/clock: "manual"/);
    await emulator.close();
    // @ts-expect-error: not a clock
    expect(() => createEmulator({ clock: "sundial" })).toThrow(/`clock` must be "real" or "manual"/);
    const manual = createEmulator({ clock: "manual" });
    await expect(manual.advance(-1)).rejects.toThrow(RangeError);
    await expect(manual.advance(Number.NaN)).rejects.toThrow(/0 or more/);
    await manual.close();
  });

  it("is stepped over HTTP too, by POST /_emulator/advance", async () => {
    const { api, url, emulator } = await startEmulator({ clock: "manual", timeScale: 1 });
    const root = url.replace(/\/v1$/, "");
    const { id } = await json(
      await api("/models/dashscope/hello-world/predictions", {
        method: "POST",
        json: { input: { text: "x" } },
      }),
    );
    const advanced = await fetch(`${root}/_emulator/advance`, {
      method: "POST",
      body: JSON.stringify({ milliseconds: 400 }),
    });
    expect(advanced.status).toBe(204);
    expect((await json(await api(`/predictions/${id}`))).status).toBe("succeeded");
    const bad = await fetch(`${root}/_emulator/advance`, {
      method: "POST",
      body: JSON.stringify({ milliseconds: -1 }),
    });
    expect(bad.status).toBe(422);
    expect(emulator.requests.some((request) => request.path.includes("_emulator"))).toBe(false);
    const real = await startEmulator();
    const refused = await fetch(`${real.url.replace(/\/v1$/, "")}/_emulator/advance`, {
      method: "POST",
      headers: { authorization: `Bearer ${EMULATOR_TOKEN}` },
      body: JSON.stringify({ milliseconds: 1 }),
    });
    expect(refused.status).toBe(409);
  });
});
