import { describe, expect, it } from "vitest";
import { defineModel } from "../src/index";
import { json, type Loose, startEmulator } from "./helpers";

async function createPrediction(api: Loose, text: string): Promise<Loose> {
  return json(
    await api("/predictions", {
      method: "POST",
      json: { version: "dashscope/hello-world", input: { text } },
    }),
  );
}

describe("predictions.list filters", () => {
  it("keeps predictions created at or after created_after and before created_before", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual" });
    const first = await createPrediction(api, "first");
    await emulator.advance(60_000);
    const second = await createPrediction(api, "second");
    await emulator.advance(60_000);
    const third = await createPrediction(api, "third");
    const ids = async (query: string) =>
      (await json<{ results: Loose[] }>(await api(`/predictions?${query}`))).results.map((item) => item.id);
    const at = (prediction: Loose) => encodeURIComponent(prediction.created_at);
    expect(await ids("")).toEqual([third.id, second.id, first.id]);
    expect(await ids(`created_after=${at(second)}`)).toEqual([third.id, second.id]);
    expect(await ids(`created_before=${at(second)}`)).toEqual([first.id]);
    expect(await ids(`created_after=${at(first)}&created_before=${at(third)}`)).toEqual([
      second.id,
      first.id,
    ]);
    // Every prediction made over the API has source "api"; only "web" may be asked for.
    expect(await ids("source=web")).toEqual([]);
  });

  it("repeats the filters in next and previous", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", pageSize: 1 });
    const first = await createPrediction(api, "a");
    await emulator.advance(1000);
    await createPrediction(api, "b");
    await createPrediction(api, "c");
    const after = encodeURIComponent(first.created_at);
    const page = await json<Loose>(await api(`/predictions?created_after=${after}`));
    expect(new URL(page.next).searchParams.get("created_after")).toBe(first.created_at);
    const seen = [...page.results];
    for (let next = page.next; next; ) {
      const body = await json<Loose>(await api(next));
      seen.push(...body.results);
      next = body.next;
    }
    expect(seen.map((item) => item.input.text)).toEqual(["c", "b", "a"]);
  });

  it.each([
    ["created_after=yesterday", /created_after must be an ISO 8601 date-time/],
    ["created_before=2025-01-01", /created_before must be an ISO 8601 date-time/],
    ["source=api", /source can only be "web"/],
  ])("answers %s with a 400", async (query, message) => {
    const { api } = await startEmulator();
    const response = await api(`/predictions?${query}`);
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(message);
  });
});

describe("models.list sort", () => {
  const extra = defineModel({ owner: "acme", name: "later", input: { type: "object" }, run: () => "ok" });

  it("sorts by latest version, newest first, by default; by model creation on request; either way", async () => {
    const { api } = await startEmulator({ pageSize: 50, models: [extra] });
    const names = async (query: string) =>
      (await json<{ results: Loose[] }>(await api(`/models${query}`))).results.map((model) => model.name);
    const builtIns = ["hello-world", "echo-stream", "gradient", "image-info", "sleep", "tiny-trainer"];
    expect(await names("")).toEqual(["later", ...[...builtIns].reverse()]);
    expect(await names("?sort_by=model_created_at&sort_direction=asc")).toEqual([...builtIns, "later"]);
    expect(await names("?sort_by=model_created_at")).toEqual(["later", ...[...builtIns].reverse()]);
    // A model made over the API has no version yet: it comes after those that have one.
    await api("/models", {
      method: "POST",
      json: { owner: "dashscope", name: "empty", visibility: "private", hardware: "cpu" },
    });
    expect((await names("?sort_direction=asc")).at(-1)).toBe("empty");
    expect((await names("?sort_direction=desc")).at(-1)).toBe("empty");
    expect((await names("?sort_by=model_created_at"))[0]).toBe("empty");
  });

  it("repeats the sort in next", async () => {
    const { api } = await startEmulator({ pageSize: 2 });
    const names: string[] = [];
    let next: string | null = "/models?sort_by=model_created_at&sort_direction=asc";
    while (next) {
      const body: Loose = await json(await api(next));
      names.push(...body.results.map((model: Loose) => model.name));
      if (body.next) expect(new URL(body.next).searchParams.get("sort_direction")).toBe("asc");
      next = body.next;
    }
    expect(names).toEqual(["hello-world", "echo-stream", "gradient", "image-info", "sleep", "tiny-trainer"]);
  });

  it.each(["sort_by=name", "sort_direction=up"])("answers %s with a 400", async (query) => {
    const { api } = await startEmulator();
    const response = await api(`/models?${query}`);
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/must be one of/);
  });
});
