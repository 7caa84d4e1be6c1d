import { describe, expect, it } from "vitest";
import { defineModel } from "../src/index";
import { json, type Loose, pollUntil, startEmulator, type TestServer } from "./helpers";

async function createPrivateModel({ api }: TestServer, name: string): Promise<void> {
  const response = await api("/models", {
    method: "POST",
    json: { owner: "dashscope", name, visibility: "private", hardware: "cpu" },
  });
  expect(response.status).toBe(201);
}

/** Trains tiny-trainer into `dashscope/<name>` (a private model) and answers the new version's id. */
async function trainInto({ api }: TestServer, name: string): Promise<string> {
  const base = (await json<Loose>(await api("/models/dashscope/tiny-trainer"))).latest_version.id;
  const training = await json<Loose>(
    await api(`/models/dashscope/tiny-trainer/versions/${base}/trainings`, {
      method: "POST",
      json: { destination: `dashscope/${name}`, input: { steps: 1, data: "x" } },
    }),
  );
  const done = await pollUntil(
    async () => json<Loose>(await api(`/trainings/${training.id}`)),
    (body) => body.status === "succeeded",
  );
  return done.output.version.split(":")[1];
}

describe("models.update", () => {
  it("changes the fields the document lists and answers the whole model", async () => {
    const server = await startEmulator();
    await createPrivateModel(server, "mine");
    const response = await server.api("/models/dashscope/mine", {
      method: "PATCH",
      json: {
        description: "Detects hot dogs",
        readme: "# Hot dogs\n",
        github_url: "https://github.com/a/b",
        paper_url: "https://arxiv.org/abs/1",
        weights_url: "https://example.com/w",
        license_url: "https://example.com/l",
      },
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      owner: "dashscope",
      name: "mine",
      description: "Detects hot dogs",
      github_url: "https://github.com/a/b",
      paper_url: "https://arxiv.org/abs/1",
      license_url: "https://example.com/l",
    });
    const readme = await server.api("/models/dashscope/mine/readme");
    expect(readme.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await readme.text()).toBe("# Hot dogs\n");
  });

  it("refuses other fields, wrong types and URLs that are not URLs with a 422 naming each", async () => {
    const server = await startEmulator();
    const response = await server.api("/models/dashscope/hello-world", {
      method: "PATCH",
      json: { visibility: "private", description: 3, github_url: "not a url" },
    });
    expect(response.status).toBe(422);
    const fields = (await json<Loose>(response)).invalid_fields.map((field: Loose) => field.field);
    expect(fields).toEqual(["visibility", "description", "github_url"]);
  });

  // The document gives every one of these fields `format: uri`: a value that is no URI would make
  // every later answer for the model break the document.
  it("takes as URLs only URIs the document's format accepts, on create and on update", async () => {
    const server = await startEmulator();
    const spaced = "https://example.com/a paper.pdf";
    const created = await server.api("/models", {
      method: "POST",
      json: {
        owner: "dashscope",
        name: "spaced",
        visibility: "private",
        hardware: "cpu",
        github_url: "not a url",
        paper_url: spaced,
        license_url: "https://example.com/license",
        cover_image_url: "https://example.com/a cover.png",
      },
    });
    expect(created.status).toBe(422);
    expect((await json<Loose>(created)).invalid_fields.map((field: Loose) => field.field)).toEqual([
      "github_url",
      "paper_url",
      "cover_image_url",
    ]);
    await createPrivateModel(server, "spaced");
    const updated = await server.api("/models/dashscope/spaced", {
      method: "PATCH",
      json: { paper_url: spaced },
    });
    expect(updated.status).toBe(422);
    expect((await json<Loose>(updated)).invalid_fields).toEqual([
      { field: "paper_url", message: "expected an absolute URL" },
    ]);
    expect(() =>
      defineModel({
        owner: "acme",
        name: "spaced",
        coverImageUrl: "https://example.com/a cover.png",
        input: { type: "object" },
        run: () => null,
      }),
    ).toThrow(/coverImageUrl/);
  });

  it("refuses a model the account does not own with a 403, and an unknown one with a 404", async () => {
    const theirs = defineModel({ owner: "acme", name: "theirs", input: { type: "object" }, run: () => 1 });
    const server = await startEmulator({ models: [theirs] });
    const patched = await server.api("/models/acme/theirs", { method: "PATCH", json: { description: "x" } });
    expect(patched.status).toBe(403);
    expect((await json(patched)).detail).toMatch(/only update models you own/);
    expect((await server.api("/models/acme/nope", { method: "PATCH", json: {} })).status).toBe(404);
  });
});

describe("models.delete and models.versions.delete follow the document's rules", () => {
  it("deletes a private model without versions: 204, then it is gone", async () => {
    const server = await startEmulator();
    await createPrivateModel(server, "temporary");
    expect((await server.api("/models/dashscope/temporary", { method: "DELETE" })).status).toBe(204);
    expect((await server.api("/models/dashscope/temporary")).status).toBe(404);
  });

  it("refuses a public model (409), a model with versions (409) and someone else's (403)", async () => {
    const theirs = defineModel({ owner: "acme", name: "theirs", input: { type: "object" }, run: () => 1 });
    const server = await startEmulator({ models: [theirs] });
    const publicModel = await server.api("/models/dashscope/hello-world", { method: "DELETE" });
    expect(publicModel.status).toBe(409);
    expect((await json(publicModel)).detail).toMatch(/Only private models can be deleted/);
    expect((await server.api("/models/acme/theirs", { method: "DELETE" })).status).toBe(403);
    await trainInto(server, "trained");
    const withVersions = await server.api("/models/dashscope/trained", { method: "DELETE" });
    expect(withVersions.status).toBe(409);
    expect((await json(withVersions)).detail).toMatch(/delete them first/);
  });

  it("deletes a version (202, no body) with its predictions; then the model can go", async () => {
    const server = await startEmulator();
    const version = await trainInto(server, "trained");
    const prediction = await json<Loose>(
      await server.api("/predictions", { method: "POST", json: { version, input: { text: "x" } } }),
    );
    const deleted = await server.api(`/models/dashscope/trained/versions/${version}`, { method: "DELETE" });
    expect(deleted.status).toBe(202);
    expect(await deleted.text()).toBe("");
    expect((await server.api(`/models/dashscope/trained/versions/${version}`)).status).toBe(404);
    expect((await server.api(`/predictions/${prediction.id}`)).status).toBe(404);
    expect((await server.api("/models/dashscope/trained", { method: "DELETE" })).status).toBe(204);
  });

  it("refuses a version of a public model, one a training was made from, and one a deployment uses", async () => {
    const server = await startEmulator();
    const hello = (await json<Loose>(await server.api("/models/dashscope/hello-world"))).latest_version.id;
    const onPublic = await server.api(`/models/dashscope/hello-world/versions/${hello}`, {
      method: "DELETE",
    });
    expect(onPublic.status).toBe(409);

    const version = await trainInto(server, "trained");
    const deployment = await server.api("/deployments", {
      method: "POST",
      json: {
        name: "uses-it",
        model: "dashscope/trained",
        version,
        hardware: "cpu",
        min_instances: 0,
        max_instances: 1,
      },
    });
    expect(deployment.status).toBe(200);
    const used = await server.api(`/models/dashscope/trained/versions/${version}`, { method: "DELETE" });
    expect(used.status).toBe(409);
    expect((await json(used)).detail).toMatch(/used by the deployment dashscope\/uses-it/);

    await server.api("/deployments/dashscope/uses-it", { method: "DELETE" });
    expect(
      (await server.api(`/models/dashscope/trained/versions/${version}`, { method: "DELETE" })).status,
    ).toBe(202);
  });

  it("refuses a version a training was made from", async () => {
    // A trainable model of the account's own: its trained versions (private) can be trained again.
    const trainable = defineModel({
      owner: "dashscope",
      name: "trainable",
      input: { type: "object" },
      run: () => "ran",
      train: () => "https://example.com/weights",
    });
    const server = await startEmulator({ models: [trainable] });
    const first = (await json<Loose>(await server.api("/models/dashscope/trainable"))).latest_version.id;
    const trainFrom = async (model: string, version: string) => {
      const training = await json<Loose>(
        await server.api(`/models/${model}/versions/${version}/trainings`, {
          method: "POST",
          json: { destination: "dashscope/tuned", input: {} },
        }),
      );
      const done = await pollUntil(
        async () => json<Loose>(await server.api(`/trainings/${training.id}`)),
        (body) => body.status === "succeeded",
      );
      return done.output.version.split(":")[1] as string;
    };
    const tuned = await trainFrom("dashscope/trainable", first);
    await trainFrom("dashscope/tuned", tuned);
    const base = await server.api(`/models/dashscope/tuned/versions/${tuned}`, { method: "DELETE" });
    expect(base.status).toBe(409);
    expect((await json(base)).detail).toMatch(/is the base of training/);
  });
});
