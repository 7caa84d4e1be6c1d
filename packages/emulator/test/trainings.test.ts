import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { json, pollUntil, startEmulator } from "./helpers";

const trainerVersion = createHash("sha256").update("dashscope/tiny-trainer@1").digest("hex");
const trainingsPath = `/models/dashscope/tiny-trainer/versions/${trainerVersion}/trainings`;

describe("trainings", () => {
  it("trains a new version of the destination, which then echoes its text", async () => {
    const { api, emulator, url } = await startEmulator();
    const created = await api(trainingsPath, {
      method: "POST",
      json: { destination: "dashscope/my-echo", input: { steps: 3, data: "some data" } },
    });
    expect(created.status).toBe(201);
    const training = await json(created);
    expect(training).toMatchObject({
      model: "dashscope/tiny-trainer",
      version: trainerVersion,
      status: "starting",
      urls: { get: `${url}/trainings/${training.id}`, cancel: `${url}/trainings/${training.id}/cancel` },
    });
    expect(training.id).toMatch(/^[a-z2-7]{26}$/);
    expect(emulator.stats.trainingsCreated).toBe(1);

    const done = await json(await api(`/trainings/${training.id}`, { headers: { prefer: "wait=30" } }));
    expect(done.status).toBe("succeeded");
    expect(done.logs).toContain("step 3/3");
    const newVersion = createHash("sha256").update("dashscope/my-echo@1").digest("hex");
    expect(done.output.version).toBe(`dashscope/my-echo:${newVersion}`);
    const weights = await fetch(done.output.weights);
    expect(weights.status).toBe(200);
    expect(await weights.json()).toMatchObject({ steps: 3 });

    const model = await json(await api("/models/dashscope/my-echo"));
    expect(model).toMatchObject({ owner: "dashscope", name: "my-echo", latest_version: { id: newVersion } });
    const prediction = await json(
      await api("/predictions", {
        method: "POST",
        json: { version: done.output.version, input: { text: "echo me" } },
        headers: { prefer: "wait" },
      }),
    );
    expect(prediction).toMatchObject({ status: "succeeded", output: "echo me" });

    const list = await json<{ results: { id: string }[] }>(await api("/trainings"));
    expect(list.results.map((item) => item.id)).toEqual([training.id]);
  });

  it("adds a version to an existing destination on each training", async () => {
    const { api } = await startEmulator();
    for (let round = 0; round < 2; round++) {
      await api(trainingsPath, {
        method: "POST",
        json: { destination: "dashscope/twice", input: { steps: 1 } },
        headers: { prefer: "wait" },
      });
    }
    const versions = await json<{ results: { id: string }[] }>(await api("/models/dashscope/twice/versions"));
    expect(versions.results.map((version) => version.id)).toEqual([
      createHash("sha256").update("dashscope/twice@2").digest("hex"),
      createHash("sha256").update("dashscope/twice@1").digest("hex"),
    ]);
  });

  it("cancels a training and long-polls without Preference-Applied when long polls are off", async () => {
    const { api } = await startEmulator({ timeScale: 1, longPoll: false });
    const training = await json(
      await api(trainingsPath, {
        method: "POST",
        json: { destination: "dashscope/never", input: { steps: 1000 } },
      }),
    );
    const polled = await api(`/trainings/${training.id}`, { headers: { prefer: "wait=5" } });
    expect(polled.headers.get("preference-applied")).toBeNull();
    const canceled = await json(await api(`/trainings/${training.id}/cancel`, { method: "POST" }));
    expect(canceled.status).toBe("canceled");
    const later = await pollUntil(
      async () => json(await api(`/trainings/${training.id}`)),
      () => true,
    );
    expect(later.status).toBe("canceled");
    expect((await api("/models/dashscope/never")).status).toBe(404);
  });

  it("refuses bad trainings: 400 for an untrainable model, 404 for unknown versions, 422 for bad bodies", async () => {
    const { api, emulator } = await startEmulator();
    const helloVersion = createHash("sha256").update("dashscope/hello-world@1").digest("hex");
    const untrainable = await api(`/models/dashscope/hello-world/versions/${helloVersion}/trainings`, {
      method: "POST",
      json: { destination: "dashscope/x", input: {} },
    });
    expect(untrainable.status).toBe(400);
    expect(
      (
        await api(`/models/dashscope/tiny-trainer/versions/${"0".repeat(64)}/trainings`, {
          method: "POST",
          json: { destination: "dashscope/x", input: {} },
        })
      ).status,
    ).toBe(404);
    const invalid = await api(trainingsPath, {
      method: "POST",
      json: { destination: "nope", input: { steps: "many" } },
    });
    expect(invalid.status).toBe(422);
    expect(
      (await json<{ invalid_fields: { field: string }[] }>(invalid)).invalid_fields.map(
        (field) => field.field,
      ),
    ).toEqual(["destination", "input.steps"]);
    expect(emulator.stats.trainingsCreated).toBe(0);
  });
});
