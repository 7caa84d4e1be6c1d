import {
  type Client,
  dataUriEncoder,
  isApiError,
  NotFoundError,
  paginate,
  requestJson,
  UnprocessableEntityError,
} from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelTraining,
  createTraining,
  getTraining,
  listTrainings,
  type Training,
  waitForTraining,
} from "../src";

let emulator: Emulator;
let client: Client;
let version: string;

const INPUT = { steps: 2, data: "some training text" };

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 2 }));
  const trainer = await requestJson<{ latest_version: { id: string } }>(
    client,
    "/models/dashscope/tiny-trainer",
  );
  version = trainer.latest_version.id;
});
afterAll(() => emulator.close());

function train(
  destination: `${string}/${string}` = "dashscope/fine-tuned",
  input: Record<string, unknown> = INPUT,
) {
  return createTraining(client, "dashscope", "tiny-trainer", version, { destination, input });
}

describe("createTraining and waitForTraining", () => {
  it("train a new version of the destination, which the models API then returns", async () => {
    const created = await train();
    expect(created.status).toBe("starting");
    expect(created.id).toMatch(/^[a-z2-7]{26}$/);
    const post = emulator.stats.requests.at(-1);
    expect(post).toMatchObject({
      method: "POST",
      path: `/models/dashscope/tiny-trainer/versions/${version}/trainings`,
      status: 201,
    });
    expect(post?.idempotencyKey).toBeTruthy();

    const updates: Training[] = [];
    const done = await waitForTraining(client, created, { interval: 10 }, (update) => {
      updates.push(update);
    });
    expect(done.status).toBe("succeeded");
    expect(updates.at(-1)).toEqual(done);
    expect(done.output?.weights).toBeTypeOf("string");
    const [destination, versionId] = String(done.output?.version).split(":");
    expect(destination).toBe("dashscope/fine-tuned");
    // The route getModelVersion uses (@dashscope/models is not a dependency of this package).
    const trained = await requestJson<{ id: string }>(
      client,
      `/models/dashscope/fine-tuned/versions/${versionId}`,
    );
    expect(trained.id).toBe(versionId);
  });

  it("encode Blob inputs as data URIs", async () => {
    // Core clients send files only with a fileEncodingStrategy.
    const training = await createTraining(
      { ...client, fileEncodingStrategy: dataUriEncoder },
      "dashscope",
      "tiny-trainer",
      version,
      {
        destination: "dashscope/from-blob",
        input: { data: new Blob(["some text"], { type: "text/plain" }) },
      },
    );
    expect(training.input.data).toMatch(/^data:text\/plain;base64,/);
    expect((await waitForTraining(client, training)).status).toBe("succeeded");
  });

  it("polls at the interval when the server does not hold GETs", async () => {
    const { emulator: polled, client: pollClient } = await startEmulator({ longPoll: false });
    try {
      const created = await createTraining(pollClient, "dashscope", "tiny-trainer", version, {
        destination: "dashscope/polled",
        input: INPUT,
      });
      const done = await waitForTraining(pollClient, created, { interval: 5 });
      expect(done.status).toBe("succeeded");
      const gets = polled.stats.requests.filter((request) => request.path === `/trainings/${created.id}`);
      expect(gets.length).toBeGreaterThan(0);
      expect(gets[0]?.prefer).toMatch(/^wait=\d+$/);
    } finally {
      await polled.close();
    }
  });

  it("stops waiting when onUpdate returns true", async () => {
    const created = await train("dashscope/stopped-early");
    const first = await waitForTraining(client, created, {}, () => true);
    expect(first.id).toBe(created.id);
    await waitForTraining(client, first);
  });

  it("is retried after a 503 with the same Idempotency-Key, and starts one training", async () => {
    const before = emulator.stats.trainingsCreated;
    emulator.injectFault({ kind: "503", match: "POST /models/dashscope/tiny-trainer" });
    const training = await train("dashscope/retried");
    const posts = emulator.stats.requests.filter((request) => request.path.endsWith("/trainings")).slice(-2);
    expect(posts.map((request) => request.status)).toEqual([503, 201]);
    expect(posts[0]?.idempotencyKey).toBeTruthy();
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    expect(emulator.stats.trainingsCreated).toBe(before + 1);
    await waitForTraining(client, training);
  });

  it("surfaces the server's 422 for a bad input, with its invalid fields", async () => {
    const error = await rejectionOf(train("dashscope/fine-tuned", { steps: "many" }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(isApiError(error)).toBe(true);
    const { status, invalidFields, requestId } = error as UnprocessableEntityError;
    expect(status).toBe(422);
    expect(requestId).toBeTruthy();
    expect(invalidFields?.length).toBeGreaterThan(0);
    expect(invalidFields?.[0]).toMatchObject({ field: expect.stringMatching(/^input/) });
  });

  it("rejects an unknown model or version with a NotFoundError", async () => {
    const error = await rejectionOf(
      createTraining(client, "dashscope", "tiny-trainer", "0".repeat(64), {
        destination: "dashscope/x",
        input: INPUT,
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
  });

  it.each(BAD_SEGMENTS)(
    "refuse the owner, name, version or training id %j before any request",
    async (bad) => {
      const segment = bad as string;
      const options = { destination: "dashscope/x" as const, input: INPUT };
      await expectInvalidArgument(
        emulator,
        () => createTraining(client, segment, "n", "v", options),
        "owner",
        /owner/,
      );
      await expectInvalidArgument(
        emulator,
        () => createTraining(client, "o", segment, "v", options),
        "name",
        /name/,
      );
      await expectInvalidArgument(
        emulator,
        () => createTraining(client, "o", "n", segment, options),
        "version",
        /version/,
      );
      await expectInvalidArgument(
        emulator,
        () => waitForTraining(client, { id: segment, status: "starting" } as Training),
        "training.id",
        /training\.id/,
      );
    },
  );

  it("refuses a missing training before any request", async () => {
    await expectInvalidArgument(
      emulator,
      () => waitForTraining(client, undefined as never),
      "training.id",
      /training\.id/,
    );
  });

  it.each([
    undefined,
    "",
    "fine-tuned",
    "a/b/c",
    "a/",
    "/b",
    "../x",
    "a/..",
    "a b/c",
    `a/b:${"0".repeat(64)}`,
    5,
  ])("refuses the destination %j before any request", async (destination) => {
    await expectInvalidArgument(
      emulator,
      () =>
        createTraining(client, "dashscope", "tiny-trainer", version, {
          destination: destination as `${string}/${string}`,
          input: INPUT,
        }),
      "destination",
      /"owner\/name"/,
    );
  });

  it.each([undefined, null, "text", 3, [1, 2]])("refuses the input %j before any request", async (input) => {
    await expectInvalidArgument(
      emulator,
      () =>
        createTraining(client, "dashscope", "tiny-trainer", version, {
          destination: "dashscope/x",
          input: input as unknown as Record<string, unknown>,
        }),
      "input",
      /expected an object/,
    );
  });

  it("checks the webhook options before any request", async () => {
    const create = (options: object) =>
      createTraining(client, "dashscope", "tiny-trainer", version, {
        destination: "dashscope/x",
        input: INPUT,
        ...options,
      });
    await expectInvalidArgument(
      emulator,
      () => create({ webhook: "ftp://example.com" }),
      "webhook",
      /http\(s\)/,
    );
    await expectInvalidArgument(emulator, () => create({ webhook: "/relative" }), "webhook", /http\(s\)/);
    await expectInvalidArgument(
      emulator,
      () => create({ webhook: "https://example.com/hook", webhook_events_filter: ["done"] }),
      "webhook_events_filter",
      /the events start, output, logs, completed, got \["done"\]/,
    );
  });

  it("sends a webhook and its filter", async () => {
    const created = await createTraining(client, "dashscope", "tiny-trainer", version, {
      destination: "dashscope/hooked",
      input: INPUT,
      webhook: "http://127.0.0.1:9/hook",
      webhook_events_filter: ["completed"],
    });
    expect(created).toMatchObject({
      webhook: "http://127.0.0.1:9/hook",
      webhook_events_filter: ["completed"],
    });
    await waitForTraining(client, created);
  });
});

describe("getTraining, cancelTraining and listTrainings", () => {
  it("get a training by id", async () => {
    const created = await train("dashscope/got");
    const got = await getTraining(client, created.id);
    expect(got.id).toBe(created.id);
    expect(got.urls.get).toContain(`/trainings/${created.id}`);
    await waitForTraining(client, got);
  });

  it("cancel a running training", async () => {
    // The longest training the model takes (1,000 steps: 1 s at the emulator's time scale), so that
    // it is still running when the cancel arrives on a busy machine.
    const created = await train("dashscope/canceled", { ...INPUT, steps: 1000 });
    const canceled = await cancelTraining(client, created.id);
    expect(canceled.status).toBe("canceled");
    expect(emulator.stats.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/trainings/${created.id}/cancel`,
    });
    expect((await waitForTraining(client, created)).status).toBe("canceled");
  });

  it("list the trainings, newest first, through every page", async () => {
    const newest = await train("dashscope/listed");
    const first = await listTrainings(client);
    expect(first.results[0]?.id).toBe(newest.id);
    const pages = [];
    for await (const page of paginate(client, (options) => listTrainings(client, options))) pages.push(page);
    expect(pages.length).toBeGreaterThan(1);
    const second = await listTrainings(client, { cursor: first.next as string });
    expect(second.results).toEqual(pages[1]?.map((training) => expect.objectContaining({ id: training.id })));
    await waitForTraining(client, newest);
  });

  it("reject an unknown id with a NotFoundError", async () => {
    for (const call of [getTraining, cancelTraining]) {
      const error = await rejectionOf(call(client, "a".repeat(26)));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404 });
      expect((error as NotFoundError).requestId).toBeTruthy();
    }
  });

  it.each(BAD_SEGMENTS)("refuse the id %j before any request", async (id) => {
    await expectInvalidArgument(emulator, () => getTraining(client, id as string), "id", /id/);
    await expectInvalidArgument(emulator, () => cancelTraining(client, id as string), "id", /id/);
  });

  it("refuses a bad cursor before any request", async () => {
    await expectInvalidArgument(emulator, () => listTrainings(client, { cursor: "" }), "cursor", /cursor/);
  });
});
