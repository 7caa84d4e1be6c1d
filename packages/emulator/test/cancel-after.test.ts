import { describe, expect, it } from "vitest";
import { json, type Loose, parseEvents, readAll, startEmulator } from "./helpers";

describe("Cancel-After", () => {
  it("gives the prediction a deadline; one not started by then ends aborted, and never runs", async () => {
    // Time scale 100: hello-world's 0.1 s of model startup takes 10 s of clock time, after the deadline.
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 100 });
    const created = await json<Loose>(
      await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/hello-world", input: { text: "late" } },
        headers: { "cancel-after": "5s" },
      }),
    );
    expect(created.status).toBe("starting");
    expect(Date.parse(created.deadline) - Date.parse(created.created_at)).toBe(5000);
    await emulator.advance(4999);
    expect((await json(await api(`/predictions/${created.id}`))).status).toBe("starting");
    await emulator.advance(1);
    const aborted = await json<Loose>(await api(`/predictions/${created.id}`));
    expect(aborted).toMatchObject({ status: "aborted", started_at: null, deadline: created.deadline });
    expect(aborted.completed_at).toBe(created.deadline);
    await emulator.advance(20_000);
    expect(await json(await api(`/predictions/${created.id}`))).toMatchObject({
      status: "aborted",
      logs: "",
    });
  });

  it("ends the stream of an aborted prediction with done, reason aborted", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 100 });
    const created = await json<Loose>(
      await api("/models/dashscope/echo-stream/predictions", {
        method: "POST",
        json: { input: { prompt: "never said" } },
        headers: { "cancel-after": "5s" },
      }),
    );
    await emulator.advance(5000);
    const { events } = parseEvents((await readAll(await fetch(created.urls.stream))).text);
    expect(events.map((event) => [event.event, event.data])).toEqual([["done", '{"reason":"aborted"}']]);
  });

  it("cancels a prediction still running at its deadline", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 1 });
    const created = await json<Loose>(
      await api("/models/dashscope/sleep/predictions", {
        method: "POST",
        json: { input: { seconds: 60 } },
        headers: { "cancel-after": "5" },
      }),
    );
    await emulator.advance(4999);
    expect((await json(await api(`/predictions/${created.id}`))).status).toBe("processing");
    await emulator.advance(1);
    expect(await json(await api(`/predictions/${created.id}`))).toMatchObject({
      status: "canceled",
      deadline: created.deadline,
    });
  });

  it("leaves a prediction that finished before its deadline as it ended", async () => {
    const { api, emulator } = await startEmulator({ clock: "manual", timeScale: 1 });
    const created = await json<Loose>(
      await api("/deployments/dashscope/hello/predictions", {
        method: "POST",
        json: { input: { text: "quick" } },
        headers: { "cancel-after": "1m" },
      }),
    );
    expect(Date.parse(created.deadline) - Date.parse(created.created_at)).toBe(60_000);
    await emulator.advance(1000);
    await emulator.advance(120_000);
    expect((await json(await api(`/predictions/${created.id}`))).status).toBe("succeeded");
  });

  // A deadline is shown as a date; past the last one a Date holds, the create answered 500 and the
  // prediction it had made broke every later `GET /predictions`.
  it("answers a Cancel-After whose deadline no date can show with a 400, creating nothing", async () => {
    const { api, emulator } = await startEmulator();
    for (const value of ["9999999999999", "9007199254740991"]) {
      const response = await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/hello-world", input: { text: "x" } },
        headers: { "cancel-after": value },
      });
      expect(response.status).toBe(400);
      expect((await json(response)).detail).toMatch(/Cancel-After/);
    }
    expect(emulator.stats.predictionsCreated).toBe(0);
    expect((await api("/predictions")).status).toBe(200);
  });

  it("answers a malformed or too short Cancel-After with a 400, creating nothing", async () => {
    const { api, emulator } = await startEmulator();
    for (const value of ["5x", "4s", "soon"]) {
      const response = await api("/predictions", {
        method: "POST",
        json: { version: "dashscope/hello-world", input: { text: "x" } },
        headers: { "cancel-after": value },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await json(response)).detail).toMatch(/Cancel-After/);
    }
    expect(emulator.stats.predictionsCreated).toBe(0);
  });

  it("is not read on trainings, which the document gives no deadline", async () => {
    const { api } = await startEmulator();
    const model = await json<Loose>(await api("/models/dashscope/tiny-trainer"));
    const created = await json<Loose>(
      await api(`/models/dashscope/tiny-trainer/versions/${model.latest_version.id}/trainings`, {
        method: "POST",
        json: { destination: "dashscope/trained", input: { steps: 1, data: "x" } },
        headers: { "cancel-after": "5s" },
      }),
    );
    expect(created.deadline).toBeUndefined();
  });
});
