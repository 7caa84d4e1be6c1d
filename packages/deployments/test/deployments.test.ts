import { type Client, ConflictError, NotFoundError, paginate, requestJson } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import { BAD_SEGMENTS, expectInvalidArgument, rejectionOf, startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CreateDeploymentOptions,
  createDeployment,
  deleteDeployment,
  getDeployment,
  listDeployments,
  updateDeployment,
} from "../src";

let emulator: Emulator;
let client: Client;
let version: string;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator({ pageSize: 1 }));
  const model = await requestJson<{ latest_version: { id: string } }>(
    client,
    "/models/dashscope/hello-world",
  );
  version = model.latest_version.id;
});
afterAll(() => emulator.close());

function options(overrides: Partial<CreateDeploymentOptions> = {}): CreateDeploymentOptions {
  return {
    name: "my-deployment",
    model: "dashscope/hello-world",
    version,
    hardware: "cpu",
    min_instances: 0,
    max_instances: 2,
    ...overrides,
  };
}

describe("getDeployment and listDeployments", () => {
  it("get the built-in deployment", async () => {
    const deployment = await getDeployment(client, "dashscope", "hello");
    expect(deployment).toMatchObject({ owner: "dashscope", name: "hello" });
    expect(deployment.current_release.number).toBeGreaterThanOrEqual(1);
    expect(deployment.current_release.configuration.hardware).toBeTypeOf("string");
  });

  it("reject an unknown deployment with a NotFoundError", async () => {
    const error = await rejectionOf(getDeployment(client, "dashscope", "no-such-deployment"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as NotFoundError).requestId).toBeTruthy();
  });

  it("list every deployment through the pages, and take a cursor", async () => {
    await createDeployment(client, options({ name: "listed" }));
    const pages = [];
    for await (const page of paginate(client, (signal) => listDeployments(client, signal))) pages.push(page);
    const names = pages.flatMap((page) => page.map((deployment) => deployment.name));
    expect(names).toEqual(expect.arrayContaining(["hello", "listed"]));
    const first = await listDeployments(client);
    expect((await listDeployments(client, { cursor: first.next as string })).results).toEqual(pages[1]);
  });

  it.each(BAD_SEGMENTS)("refuse the owner or name %j before any request", async (bad) => {
    const segment = bad as string;
    await expectInvalidArgument(emulator, () => getDeployment(client, segment, "hello"), "owner", /owner/);
    await expectInvalidArgument(emulator, () => getDeployment(client, "dashscope", segment), "name", /name/);
  });

  it("refuses a bad cursor before any request", async () => {
    await expectInvalidArgument(
      emulator,
      () => listDeployments(client, { cursor: null as never }),
      "cursor",
      /cursor/,
    );
  });
});

describe("createDeployment, updateDeployment and deleteDeployment", () => {
  it("create, update and delete a deployment", async () => {
    const created = await createDeployment(client, options());
    expect(created).toMatchObject({
      owner: "dashscope",
      name: "my-deployment",
      current_release: {
        number: 1,
        model: "dashscope/hello-world",
        version,
        configuration: { hardware: "cpu", min_instances: 0, max_instances: 2 },
      },
    });
    expect(emulator.stats.requests.at(-1)?.idempotencyKey).toBeTruthy();

    const updated = await updateDeployment(client, "dashscope", "my-deployment", { max_instances: 5 });
    expect(updated.current_release.number).toBe(2);
    expect(updated.current_release.configuration).toEqual({
      hardware: "cpu",
      min_instances: 0,
      max_instances: 5,
    });
    expect(emulator.stats.requests.at(-1)).toMatchObject({ method: "PATCH", status: 200 });

    expect(await deleteDeployment(client, "dashscope", "my-deployment")).toBe(true);
    expect(emulator.stats.requests.at(-1)).toMatchObject({ method: "DELETE", status: 204 });
    const error = await rejectionOf(getDeployment(client, "dashscope", "my-deployment"));
    expect(error).toMatchObject({ name: "ApiError", status: 404 });
  });

  it("keeps its Idempotency-Key across a retry, and creates one deployment", async () => {
    const before = emulator.stats.deploymentsCreated;
    emulator.injectFault({ kind: "429", match: "POST /deployments", retryAfterMs: 0 });
    await createDeployment(client, options({ name: "retried" }));
    const posts = emulator.stats.requests.filter((request) => request.method === "POST").slice(-2);
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    expect(emulator.stats.deploymentsCreated).toBe(before + 1);
  });

  it("reject a deployment that exists with a ConflictError", async () => {
    const error = await rejectionOf(createDeployment(client, options({ name: "hello" })));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409 });
    expect((error as ConflictError).requestId).toBeTruthy();
  });

  it("reject updating or deleting an unknown deployment with a NotFoundError", async () => {
    const update = await rejectionOf(updateDeployment(client, "dashscope", "gone", { min_instances: 1 }));
    expect(update).toMatchObject({ name: "ApiError", status: 404 });
    const remove = await rejectionOf(deleteDeployment(client, "dashscope", "gone"));
    expect(remove).toMatchObject({ name: "ApiError", status: 404 });
  });

  it.each(BAD_SEGMENTS)("refuse the name %j before any request", async (bad) => {
    const segment = bad as string;
    await expectInvalidArgument(
      emulator,
      () => createDeployment(client, options({ name: segment })),
      "name",
      /name/,
    );
    const change = { min_instances: 1 };
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, segment, "x", change),
      "owner",
      /owner/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "x", segment, change),
      "name",
      /name/,
    );
    await expectInvalidArgument(emulator, () => deleteDeployment(client, segment, "x"), "owner", /owner/);
    await expectInvalidArgument(emulator, () => deleteDeployment(client, "x", segment), "name", /name/);
  });

  it.each([
    undefined,
    "",
    "hello-world",
    "a/b/c",
    "../x",
    "a/..",
    `dashscope/hello-world:${"0".repeat(64)}`,
    3,
  ])("refuses the model %j before any request", async (model) => {
    await expectInvalidArgument(
      emulator,
      () => createDeployment(client, options({ model: model as string })),
      "model",
      /"owner\/name"/,
    );
  });

  it.each([
    ["min_instances", -1, /whole number ≥ 0/],
    ["min_instances", 1.5, /whole number ≥ 0/],
    ["min_instances", "1", /whole number ≥ 0, got "1"/],
    ["min_instances", undefined, /whole number ≥ 0/],
    ["max_instances", Number.NaN, /whole number ≥ 0, got NaN/],
    ["max_instances", Number.POSITIVE_INFINITY, /got Infinity/],
    ["max_instances", null, /whole number ≥ 0/],
    ["version", "", /non-empty string/],
    ["version", undefined, /non-empty string/],
    ["hardware", 5, /non-empty string/],
  ])("refuses %s %j before any request", async (argument, value, message) => {
    await expectInvalidArgument(
      emulator,
      () => createDeployment(client, options({ [argument]: value })),
      argument,
      message,
    );
  });

  it("refuses min_instances above max_instances before any request", async () => {
    await expectInvalidArgument(
      emulator,
      () => createDeployment(client, options({ min_instances: 3, max_instances: 1 })),
      "min_instances",
      /expected at most max_instances \(1\), got 3/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "dashscope", "hello", { min_instances: 3, max_instances: 1 }),
      "min_instances",
      /expected at most max_instances \(1\), got 3/,
    );
  });

  it("refuses an update that changes nothing, or a bad field, before any request", async () => {
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "dashscope", "hello", {}),
      "options",
      /at least one of version, hardware, min_instances and max_instances/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "dashscope", "hello", undefined as never),
      "options",
      /at least one/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "dashscope", "hello", { max_instances: -2 }),
      "max_instances",
      /whole number ≥ 0/,
    );
    await expectInvalidArgument(
      emulator,
      () => updateDeployment(client, "dashscope", "hello", { hardware: "" }),
      "hardware",
      /non-empty string/,
    );
  });

  it("refuses missing options before any request", async () => {
    await expectInvalidArgument(emulator, () => createDeployment(client, undefined as never), "name", /name/);
  });
});
