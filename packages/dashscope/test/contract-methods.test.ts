import {
  type AnsweringServer,
  answerWith,
  startAnsweringServer,
  startEmulator,
  type TestEmulator,
} from "test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Dashscope, { isPredictionAbortedError, PredictionAbortedError } from "../src/index";

// List pages whose `next` keeps the query, so that paginate's following of it can be seen.
let server: AnsweringServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function answering(): Promise<{ dashscope: Dashscope; sent: () => string[] }> {
  server = await startAnsweringServer((request, response, origin) => {
    const url = new URL(request.url, origin);
    const last = url.searchParams.get("cursor") === "2";
    url.searchParams.set("cursor", "2");
    answerWith(response, 200, { previous: null, next: last ? null : url.href, results: [] });
  });
  const { origin, requests } = server;
  return {
    dashscope: new Dashscope({ auth: "test-token", baseUrl: `${origin}/v1`, maxRetries: 0 }),
    sent: () => requests.map(({ method, url }) => `${method} ${url}`),
  };
}

describe("the class reaches every new operation under the name a replicate user would guess", () => {
  let emulated: TestEmulator;
  let dashscope: Dashscope;
  beforeAll(async () => {
    emulated = await startEmulator();
    dashscope = new Dashscope({ auth: "emulator-token", baseUrl: emulated.url });
  });
  afterAll(() => emulated.close());
  const sent = () =>
    emulated.emulator.requests.map(({ method, path, status }) => `${method} ${path} ${status}`);

  it("models.update, models.readme.get, models.examples.list, models.delete, models.versions.delete", async () => {
    await dashscope.models.create("dashscope", "class-test", { visibility: "private", hardware: "cpu" });
    const updated = await dashscope.models.update("dashscope", "class-test", { readme: "# Class test" });
    expect(updated.name).toBe("class-test");
    await expect(dashscope.models.readme.get("dashscope", "class-test")).resolves.toBe("# Class test");
    const examples = await dashscope.models.examples.list("dashscope", "hello-world");
    expect(examples.results.length).toBeGreaterThan(0);
    await expect(dashscope.models.delete("dashscope", "class-test")).resolves.toBe(true);
    const refused = await dashscope.models.versions
      .delete("dashscope", "hello-world", "0".repeat(64))
      .catch((error) => error);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(sent().slice(-5)).toEqual([
      "PATCH /models/dashscope/class-test 200",
      "GET /models/dashscope/class-test/readme 200",
      "GET /models/dashscope/hello-world/examples 200",
      "DELETE /models/dashscope/class-test 204",
      `DELETE /models/dashscope/hello-world/versions/${"0".repeat(64)} ${refused.status}`,
    ]);
  });

  it("files.download and search", async () => {
    const file = await dashscope.files.create(new Blob(["bytes"]));
    const signed = new URL((file.urls as { download?: string }).download as string);
    const response = await dashscope.files.download(file.id, {
      owner: signed.searchParams.get("owner") as string,
      expiry: Number(signed.searchParams.get("expiry")),
      signature: signed.searchParams.get("signature") as string,
    });
    expect(await response.text()).toBe("bytes");
    await expect(dashscope.search("hello", { limit: 3 })).resolves.toMatchObject({ query: "hello" });
    expect(sent().slice(-2)).toEqual([`GET /files/${file.id}/download 200`, "GET /search 200"]);
  });
});

describe("paginate with filters", () => {
  it("list filters and sort, through paginate as a user would write it", async () => {
    const { dashscope, sent } = await answering();
    for await (const _ of dashscope.paginate(dashscope.predictions.list, { source: "web" })) {
      // Every page, so that `next` is followed.
    }
    for await (const _ of dashscope.paginate(() => dashscope.models.list({ sort_by: "model_created_at" }))) {
      // The other spelling: a function that calls the list with its options.
    }
    expect(sent()).toEqual([
      "GET /v1/predictions?source=web",
      "GET /v1/predictions?source=web&cursor=2",
      "GET /v1/models?sort_by=model_created_at",
      "GET /v1/models?sort_by=model_created_at&cursor=2",
    ]);
  });
});

describe("aborted", () => {
  it("exports PredictionAbortedError and its guard", () => {
    const error = new PredictionAbortedError({ id: "p", status: "aborted" });
    expect(isPredictionAbortedError(error)).toBe(true);
    expect(isPredictionAbortedError(new Error("Prediction p was aborted"))).toBe(false);
  });
});
