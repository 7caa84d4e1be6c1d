// The answers that only time produces, checked against the document: a prediction `aborted` by its
// `Cancel-After` deadline before it started, one `canceled` at its deadline, and the `null`s the service
// sends before a field is set (allowed by contract.ts for exactly those fields), stepped with the
// emulator's manual clock so nothing depends on how fast the machine is.
import { createEmulator, EMULATOR_TOKEN, type Emulator } from "@dashscope/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { nullableBeforeSet } from "./contract.js";
import { checkAnswer } from "./emulator-answer.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.close());

async function start(timeScale: number) {
  emulator = createEmulator({ clock: "manual", timeScale, seed: 23 });
  const { url } = await emulator.listen(0);
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${EMULATOR_TOKEN}`,
        "content-type": "application/json",
        ...init.headers,
      },
    });
  return { emulator, send };
}

describe("answers over a prediction's life, against the document", () => {
  it("starting (with nulls), then aborted at its deadline: every answer valid", async () => {
    // At time scale 100, hello-world's startup takes 10 s of clock time: the 5 s deadline comes first.
    const { emulator, send } = await start(100);
    const created = await checkAnswer(
      "predictions.create",
      await send("/predictions", {
        method: "POST",
        headers: { "cancel-after": "5s" },
        body: JSON.stringify({ version: "dashscope/hello-world", input: { text: "x" } }),
      }),
    );
    expect(created.errors).toEqual([]);
    const prediction = created.body as Record<string, unknown>;
    expect(prediction.status).toBe("starting");
    const nulls = Object.keys(prediction).filter((field) => prediction[field] === null);
    expect(nulls.length).toBeGreaterThan(0);
    expect(nulls.every((field) => nullableBeforeSet.includes(field))).toBe(true);

    await emulator.advance(5000);
    const aborted = await checkAnswer("predictions.get", await send(`/predictions/${prediction.id}`));
    expect(aborted.errors).toEqual([]);
    expect(aborted.body).toMatchObject({ status: "aborted", deadline: prediction.deadline });
    const listed = await checkAnswer("predictions.list", await send("/predictions"));
    expect(listed.errors).toEqual([]);
  });

  it("processing, then canceled at its deadline: every answer valid", async () => {
    const { emulator, send } = await start(1);
    const created = await checkAnswer(
      "models.predictions.create",
      await send("/models/dashscope/sleep/predictions", {
        method: "POST",
        headers: { "cancel-after": "5" },
        body: JSON.stringify({ input: { seconds: 60 } }),
      }),
    );
    expect(created.errors).toEqual([]);
    const id = (created.body as { id: string }).id;
    await emulator.advance(1000);
    const processing = await checkAnswer("predictions.get", await send(`/predictions/${id}`));
    expect(processing.errors).toEqual([]);
    expect(processing.body).toMatchObject({ status: "processing" });
    await emulator.advance(4000);
    const canceled = await checkAnswer("predictions.get", await send(`/predictions/${id}`));
    expect(canceled.errors).toEqual([]);
    expect(canceled.body).toMatchObject({ status: "canceled" });
  });
});
