// What apps written for the service read from it: the `Token` auth scheme, a model's details and
// examples from `defineModel`, the fields every prediction carries, signed download URLs, search.
import { describe, expect, it } from "vitest";
import { defineModel, EMULATOR_TOKEN } from "../src/index";
import { json, type Loose, startEmulator } from "./helpers";

const PINNED = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";

const greeter = defineModel({
  owner: "acme",
  name: "greeter",
  description: "Greets people",
  coverImageUrl: "https://example.com/cover.png",
  version: PINNED,
  readme: "# Greeter\n",
  defaultExample: { input: { name: "Ada" }, output: "hello Ada" },
  examples: [{ input: { name: "Grace" }, output: "hello Grace", status: "succeeded" }],
  input: { type: "object", properties: { name: { type: "string" } } },
  run: ({ name }: { name: string }) => `hello ${name}`,
});

describe("Authorization: Token", () => {
  it("is accepted as Bearer is; a wrong token is still a 401", async () => {
    const { url } = await startEmulator();
    const account = (scheme: string) =>
      fetch(`${url}/account`, { headers: { authorization: scheme } }).then((response) => response.status);
    expect(await account(`Token ${EMULATOR_TOKEN}`)).toBe(200);
    expect(await account(`token ${EMULATOR_TOKEN}`)).toBe(200);
    expect(await account(`Bearer ${EMULATOR_TOKEN}`)).toBe(200);
    expect(await account("Token wrong")).toBe(401);
    expect(await account(`Basic ${EMULATOR_TOKEN}`)).toBe(401);
  });
});

describe("defineModel's details", () => {
  it("serves the description, cover image, pinned version and default example", async () => {
    const { api, url } = await startEmulator({ models: [greeter] });
    const model = await json<Loose>(await api("/models/acme/greeter"));
    expect(model).toMatchObject({
      description: "Greets people",
      cover_image_url: "https://example.com/cover.png",
      latest_version: { id: PINNED },
      default_example: {
        model: "acme/greeter",
        version: PINNED,
        input: { name: "Ada" },
        output: "hello Ada",
        status: "succeeded",
        data_removed: false,
        urls: { get: expect.stringMatching(`^${url}/predictions/`) },
      },
    });
    // The pinned id is what an app sends: `owner/name:id` runs this model.
    const prediction = await json<Loose>(
      await api("/predictions", {
        method: "POST",
        headers: { prefer: "wait" },
        json: { version: `acme/greeter:${PINNED}`, input: { name: "pinned" } },
      }),
    );
    expect(prediction).toMatchObject({ model: "acme/greeter", version: PINNED, output: "hello pinned" });
  });

  it("lists the examples, the default first, and serves the readme as Markdown text", async () => {
    const { api } = await startEmulator({ models: [greeter] });
    const examples = await json<Loose>(await api("/models/acme/greeter/examples"));
    expect(examples.results.map((example: Loose) => example.output)).toEqual(["hello Ada", "hello Grace"]);
    expect(new Set(examples.results.map((example: Loose) => example.id)).size).toBe(2);
    const readme = await api("/models/acme/greeter/readme");
    expect(readme.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await readme.text()).toBe("# Greeter\n");
  });

  it("answers default_example: null, no examples and a 404 readme for a model given none", async () => {
    const plain = defineModel({ owner: "acme", name: "plain", input: { type: "object" }, run: () => 1 });
    const { api } = await startEmulator({ models: [plain] });
    const model = await json<Loose>(await api("/models/acme/plain"));
    expect(model.default_example).toBeNull();
    expect(model.cover_image_url).toBeNull();
    expect((await json<Loose>(await api("/models/acme/plain/examples"))).results).toEqual([]);
    expect((await api("/models/acme/plain/readme")).status).toBe(404);
  });

  it("gives built-in models a readme, and hello-world an example", async () => {
    const { api } = await startEmulator();
    expect(await (await api("/models/dashscope/hello-world/readme")).text()).toMatch(
      /^# dashscope\/hello-world\n\nA tiny model that says hello\n\n## Input\n\n- `text` \(string, required\): Who to greet\./,
    );
    const model = await json<Loose>(await api("/models/dashscope/hello-world"));
    expect(model.default_example).toMatchObject({ input: { text: "Alice" }, output: "hello Alice" });
  });

  it.each([
    [{ version: "5C7D" }, /`version` must be a version id, 64 lowercase hexadecimal characters/],
    [{ version: PINNED.toUpperCase() }, /`version` must be a version id/],
    [{ coverImageUrl: "cover.png" }, /`coverImageUrl` must be an absolute http\(s\) URL/],
    [
      { defaultExample: { output: "x" } },
      /`defaultExample` must be a prediction-like object with an `input` object/,
    ],
    [{ examples: [{ input: "x" }] }, /`examples` must be an array of prediction-like objects/],
    [{ readme: 3 }, /`readme` must be Markdown text/],
  ])("refuses %j with a TypeError naming the field", (fields, message) => {
    expect(() =>
      defineModel({
        owner: "acme",
        name: "bad",
        input: { type: "object" },
        run: () => 1,
        ...(fields as object),
      }),
    ).toThrow(message);
  });

  it("refuses two models pinning the same version id", async () => {
    const twin = defineModel({
      owner: "acme",
      name: "twin",
      version: PINNED,
      input: { type: "object" },
      run: () => 1,
    });
    await expect(startEmulator({ models: [greeter, twin] })).rejects.toThrow(
      /pinned by both acme\/greeter and acme\/twin/,
    );
  });
});

describe("every prediction carries what the service sends", () => {
  it("data_removed, urls.web, and a real version id", async () => {
    const { api, url } = await startEmulator();
    const prediction = await json<Loose>(
      await api("/deployments/dashscope/hello/predictions", {
        method: "POST",
        json: { input: { text: "x" } },
      }),
    );
    expect(prediction.data_removed).toBe(false);
    expect(prediction.urls.web).toBe(`${url.replace(/\/v1$/, "")}/p/${prediction.id}`);
    expect(prediction.version).toMatch(/^[0-9a-f]{64}$/);
    expect(prediction.deadline).toBeUndefined();
  });
});

describe("files.download", () => {
  async function uploaded(options: Parameters<typeof startEmulator>[0] = {}) {
    const server = await startEmulator(options);
    const form = new FormData();
    form.append("content", new Blob(["secret bytes"], { type: "text/plain" }), "a.txt");
    const file = await json<Loose>(await server.api("/files", { method: "POST", body: form }));
    return { ...server, file };
  }

  it("serves the bytes at the signed URL without a token, until the file expires", async () => {
    const { emulator, file } = await uploaded({ clock: "manual" });
    const download = new URL(file.urls.download);
    expect(download.pathname).toMatch(new RegExp(`/v1/files/${file.id}/download$`));
    expect(download.searchParams.get("owner")).toBe("dashscope");
    expect(Number(download.searchParams.get("expiry"))).toBe(Math.floor(Date.parse(file.expires_at) / 1000));
    const response = await fetch(download);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(await response.text()).toBe("secret bytes");

    await emulator.advance(Date.parse(file.expires_at) - Date.parse(file.created_at));
    const expired = await fetch(download);
    expect(expired.status).toBe(404);
    expect((await json(expired)).detail).toMatch(/has expired/);
  });

  it.each([
    ["signature", "AAAA"],
    ["owner", "someone-else"],
    ["expiry", "99999999999"],
  ])("answers 404 when %s is changed, since the signature no longer matches", async (name, value) => {
    const { file } = await uploaded();
    const forged = new URL(file.urls.download);
    forged.searchParams.set(name, value);
    const response = await fetch(forged);
    expect(response.status).toBe(404);
    expect((await json(response)).detail).toMatch(/signature does not match/);
  });

  it("answers 404 without the parameters, and for a URL from another emulator", async () => {
    const { file, url } = await uploaded();
    const bare = await fetch(`${url}/files/${file.id}/download`);
    expect(bare.status).toBe(404);
    expect((await json(bare)).detail).toMatch(/needs owner, expiry and signature/);
    const other = await uploaded({ seed: 2 });
    const foreign = new URL(file.urls.download);
    const response = await fetch(`${other.url}/files/${other.file.id}/download${foreign.search}`);
    expect(response.status).toBe(404);
  });
});

describe("search", () => {
  it("finds models with generated metadata, best first, capped by limit; collections and pages", async () => {
    const { api } = await startEmulator({ models: [greeter] });
    const found = await json<Loose>(await api("/search?query=hello%20greets"));
    expect(found.query).toBe("hello greets");
    expect(found.models.map((item: Loose) => item.model.name)).toEqual(["hello-world", "greeter"]);
    expect(found.models[0].metadata).toEqual({
      generated_description: "A tiny model that says hello. It takes `text`. Run 0 times on this emulator.",
      tags: ["cpu"],
      score: expect.any(Number),
    });
    expect(found.models[0].metadata.score).toBeGreaterThan(found.models[1].metadata.score);
    expect((await json<Loose>(await api("/search?query=hello%20greets&limit=1"))).models).toHaveLength(1);
    const stream = await json<Loose>(await api("/search?query=stream"));
    expect(stream.pages).toEqual([{ name: "Stream output", href: "/docs/streaming" }]);
    const builtIn = await json<Loose>(await api("/search?query=built-in"));
    expect(builtIn.collections[0]).toMatchObject({
      slug: "built-in",
      models: expect.arrayContaining(["dashscope/sleep"]),
    });
  });

  it.each(["", "?query=", "?query=x&limit=0", "?query=x&limit=51", "?query=x&limit=two"])(
    "answers /search%s with a 400",
    async (query) => {
      const { api } = await startEmulator();
      const response = await api(`/search${query}`);
      expect(response.status).toBe(400);
      expect((await json(response)).detail).toMatch(/query|limit/);
    },
  );
});
