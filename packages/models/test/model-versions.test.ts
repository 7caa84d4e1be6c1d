import {
  type Client,
  createClient,
  NotFoundError,
  paginateItems,
  requestJson,
  waitFor,
} from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getModel, getModelVersion, listModelVersions } from "../src";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 1 }));
});
afterAll(() => emulator.close());

describe("listModelVersions and getModelVersion", () => {
  it("list a model's versions and get one by id", async () => {
    const page = await listModelVersions(client, "dashscope", "hello-world");
    const [version] = page.results;
    expect(version?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(version?.openapi_schema).toBeTypeOf("object");
    const same = await getModelVersion(client, "dashscope", "hello-world", version?.id as string);
    expect(same).toEqual(version);
  });

  it("find the versions trainings add, newest first, through every page", async () => {
    const first = await trainInto("dashscope/trained-here");
    const second = await trainInto("dashscope/trained-here");

    const page = await listModelVersions(client, "dashscope", "trained-here");
    expect(page.results.map((version) => version.id)).toEqual([second]);
    expect(await getModelVersion(client, "dashscope", "trained-here", second)).toEqual(page.results[0]);

    const byCursor = await listModelVersions(client, "dashscope", "trained-here", {
      cursor: page.next as string,
    });
    expect(byCursor.results.map((version) => version.id)).toEqual([first]);
    expect(byCursor.next).toBeNull();

    const ids = [];
    const list = (options: { signal?: AbortSignal }) =>
      listModelVersions(client, "dashscope", "trained-here", options);
    for await (const version of paginateItems(client, list)) ids.push(version.id);
    expect(ids).toEqual([second, first]);
  });

  it("reject an unknown version or model with a NotFoundError", async () => {
    const error = await rejectionOf(getModelVersion(client, "dashscope", "hello-world", "0".repeat(64)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as NotFoundError).requestId).toBeTruthy();
    const missing = await rejectionOf(listModelVersions(client, "dashscope", "no-such-model"));
    expect(missing).toMatchObject({ name: "ApiError", status: 404 });
  });

  it.each(BAD_SEGMENTS)("refuse the owner, name or version id %j before any request", async (bad) => {
    const segment = bad as string;
    await expectInvalidArgument(emulator, () => listModelVersions(client, segment, "x"), "owner", /owner/);
    await expectInvalidArgument(emulator, () => listModelVersions(client, "x", segment), "name", /name/);
    await expectInvalidArgument(emulator, () => getModelVersion(client, segment, "x", "v"), "owner", /owner/);
    await expectInvalidArgument(emulator, () => getModelVersion(client, "x", segment, "v"), "name", /name/);
    await expectInvalidArgument(
      emulator,
      () => getModelVersion(client, "x", "y", segment),
      "versionId",
      /versionId/,
    );
  });

  it("need a token, like every request", async () => {
    const anonymous = createClient({ auth: "", baseUrl: client.baseUrl });
    const error = await rejectionOf(listModelVersions(anonymous, "dashscope", "hello-world"));
    expect(error).toMatchObject({ name: "MissingAuthError" });
  });
});

/** Trains a new version of `destination` and answers its id. Trainings are another package's business,
 * so core's `requestJson` and `waitFor` run one here. */
async function trainInto(destination: string): Promise<string> {
  const trainer = await getModel(client, "dashscope", "tiny-trainer");
  const created = await requestJson<{ id: string; status: string }>(
    client,
    `/models/dashscope/tiny-trainer/versions/${trainer.latest_version?.id}/trainings`,
    { method: "POST", body: { destination, input: { steps: 1 } } },
  );
  const training = await waitFor(client, created, `/trainings/${created.id}`);
  expect(training.status).toBe("succeeded");
  const { output } = training as unknown as { output: { version: string } };
  return output.version.split(":")[1] as string;
}
