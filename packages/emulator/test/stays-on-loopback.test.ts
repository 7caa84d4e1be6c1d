import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defineModel } from "../src/index";
import { json, type Loose, pollUntil, startEmulator } from "./helpers";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** A loopback server whose paths answer as `routes` says; it records every path asked for. */
async function startSite(
  routes: (base: string) => Record<string, { status: number; location?: string; body?: string }>,
): Promise<{ base: string; asked: string[] }> {
  const asked: string[] = [];
  let base = "";
  const server = createServer((incoming, outgoing) => {
    asked.push(incoming.url ?? "");
    const answer = routes(base)[incoming.url ?? ""] ?? { status: 404 };
    outgoing.writeHead(answer.status, {
      "content-type": "text/plain",
      ...(answer.location ? { location: answer.location } : {}),
    });
    outgoing.end(answer.body ?? "");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, asked };
}

async function imageInfo(api: Loose, image: string): Promise<Loose> {
  const response = await api("/models/dashscope/image-info/predictions", {
    method: "POST",
    headers: { prefer: "wait" },
    json: { input: { image } },
  });
  expect(response.status).toBe(201);
  return json(response);
}

describe("the emulator never leaves loopback", () => {
  it("refuses to follow a redirect off loopback", async () => {
    const site = await startSite(() => ({
      "/image": { status: 302, location: "http://example.invalid/stolen" },
    }));
    const { api } = await startEmulator();
    const prediction = await imageInfo(api, `${site.base}/image`);
    expect(prediction.status).toBe("failed");
    expect(prediction.error).toMatch(/redirect.*loopback/i);
    expect(prediction.error).toContain("http://example.invalid/stolen");
    expect(site.asked).toEqual(["/image"]);
  });

  it("follows loopback redirects, a bounded number of them", async () => {
    const site = await startSite((base) => ({
      "/a": { status: 301, location: "/b" },
      "/b": { status: 307, location: `${base.replace("127.0.0.1", "localhost")}/c` },
      "/c": { status: 200, body: "the bytes" },
      "/loop": { status: 302, location: "/loop" },
    }));
    const { api } = await startEmulator();
    const followed = await imageInfo(api, `${site.base}/a`);
    expect(followed.status).toBe("succeeded");
    expect(followed.output).toMatchObject({
      bytes: 9,
      sha256: createHash("sha256").update("the bytes").digest("hex"),
    });
    site.asked.length = 0;
    const looping = await imageInfo(api, `${site.base}/loop`);
    expect(looping.status).toBe("failed");
    expect(looping.error).toMatch(/redirects/);
    expect(site.asked.length).toBeLessThanOrEqual(6);
  });

  // Node asks the network's DNS for `*.localhost` (only browsers map it to this machine), so such a
  // name is not loopback for what the emulator itself calls.
  it("calls no *.localhost name: a redirect, a file input or a webhook there is refused", async () => {
    const site = await startSite(() => ({
      "/image": { status: 302, location: "http://files.localhost:1/stolen" },
    }));
    const { api } = await startEmulator();
    const redirected = await imageInfo(api, `${site.base}/image`);
    expect(redirected.status).toBe("failed");
    expect(redirected.error).toContain("http://files.localhost:1/stolen, which is not a loopback URL");
    const direct = await imageInfo(api, "http://files.localhost:1/image");
    expect(direct.status).toBe("failed");
    expect(direct.error).toMatch(/fetches only loopback URLs/);
    const hooked = await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      json: { input: { text: "x" }, webhook: "http://hooks.localhost:1/hook" },
    });
    expect(hooked.status).toBe(422);
    expect((await json(hooked)).invalid_fields).toEqual([expect.objectContaining({ field: "webhook" })]);
  });

  it("delivers a webhook without following its redirect", async () => {
    const target = await startSite(() => ({ "/elsewhere": { status: 200 } }));
    const receiver = await startSite(() => ({
      "/hook": { status: 307, location: `${target.base}/elsewhere` },
    }));
    const { api, emulator } = await startEmulator();
    await api("/models/dashscope/hello-world/predictions", {
      method: "POST",
      headers: { prefer: "wait" },
      json: { input: { text: "x" }, webhook: `${receiver.base}/hook`, webhook_events_filter: ["completed"] },
    });
    await pollUntil(
      async () => emulator.webhookDeliveries.length,
      (count) => count > 0,
    );
    expect(emulator.webhookDeliveries[0]?.status).toBe(307);
    expect(target.asked).toEqual([]);
  });

  it("serves every stored file at its urls.get, whatever its name", async () => {
    const { api } = await startEmulator();
    for (const name of [".", "..", "/", "a/b", "..\\x", "%2e%2e", "%2F", "?q=1#f", "é ü.txt", "...", " "]) {
      const form = new FormData();
      form.append("content", new Blob([`bytes of ${name}`], { type: "text/plain" }), name);
      const created = await api("/files", { method: "POST", body: form });
      expect(created.status, name).toBe(201);
      const file = await json(created);
      const download = await fetch(file.urls.get);
      expect(download.status, `${name} → ${file.urls.get}`).toBe(200);
      expect(await download.text()).toBe(`bytes of ${name}`);
    }
    // A multipart part may name no file at all (`filename=""`): it is stored as "file".
    const unnamed = await api("/files", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=B" },
      body: '--B\r\nContent-Disposition: form-data; name="content"; filename=""\r\nContent-Type: text/plain\r\n\r\nno name\r\n--B--\r\n',
    });
    expect(unnamed.status).toBe(201);
    expect(await (await fetch((await json(unnamed)).urls.get)).text()).toBe("no name");
  });

  it("serves an uploaded page as inert bytes: never sniffed, never run as a page of the emulator", async () => {
    const { api } = await startEmulator();
    const form = new FormData();
    form.append(
      "content",
      new Blob(["<script>fetch('/_emulator/reset')</script>"], { type: "text/html" }),
      "a.html",
    );
    const file = await json(await api("/files", { method: "POST", body: form }));
    const download = await fetch(file.urls.get);
    expect(download.headers.get("content-type")).toBe("text/html");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toBe("sandbox");
  });
});

describe("a model cannot change what later predictions get", () => {
  const mutator = defineModel({
    owner: "acme",
    name: "mutator",
    input: {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" }, default: ["default"] },
        options: { type: "object", default: { level: 1 } },
      },
    },
    async run(input) {
      input.tags.push("added by the model");
      input.options.level += 1;
      return { tags: input.tags, level: input.options.level };
    },
  });

  it("gives each prediction its own copy of the defaults", async () => {
    const { api } = await startEmulator({ models: [mutator] });
    for (let run = 0; run < 3; run++) {
      const response = await api("/models/acme/mutator/predictions", {
        method: "POST",
        headers: { prefer: "wait" },
        json: { input: {} },
      });
      expect((await json(response)).output).toEqual({ tags: ["default", "added by the model"], level: 2 });
    }
    const model = await json(await api("/models/acme/mutator"));
    expect(model.latest_version.openapi_schema.components.schemas.Input.properties.tags.default).toEqual([
      "default",
    ]);
  });

  it("keeps the prediction's input as it was sent", async () => {
    const { api } = await startEmulator({ models: [mutator] });
    const response = await api("/models/acme/mutator/predictions", {
      method: "POST",
      headers: { prefer: "wait" },
      json: { input: { tags: ["sent"], options: { level: 10 } } },
    });
    const prediction = await json(response);
    expect(prediction.output).toEqual({ tags: ["sent", "added by the model"], level: 11 });
    expect(prediction.input).toEqual({ tags: ["sent"], options: { level: 10 } });
  });
});
