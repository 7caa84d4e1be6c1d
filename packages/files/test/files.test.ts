import { createHash } from "node:crypto";
import {
  type Client,
  createClient,
  isAbortError,
  isApiError,
  isInvalidArgumentError,
  paginateItems,
} from "@dashscope/core";
import { createEmulator, type Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFile, type DashscopeFile, deleteFile, getFile, listFiles } from "../src/index";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01, pageSize: 2 });
  const { url } = await emulator.listen(0);
  client = createClient({ auth: "emulator-token", baseUrl: url });
});

afterAll(async () => {
  await emulator.close();
});

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

async function expectInvalidArgument(promise: () => unknown, argument: string, message: RegExp) {
  const before = emulator.stats.requests.length;
  let caught: unknown;
  try {
    await promise();
  } catch (error) {
    caught = error;
  }
  expect(isInvalidArgumentError(caught), String(caught)).toBe(true);
  expect(caught).toMatchObject({ argument, name: "InvalidArgumentError" });
  expect((caught as Error).message).toMatch(message);
  // Caught before the network.
  expect(emulator.stats.requests.length).toBe(before);
}

describe("createFile", () => {
  it("uploads a Blob with a filename, a content type and metadata", async () => {
    const text = "hello, files";
    const file = await createFile(client, new Blob([text], { type: "text/plain" }), {
      filename: "hello.txt",
      metadata: { purpose: "test", count: 2 },
    });
    expect(file).toMatchObject({
      name: "hello.txt",
      content_type: "text/plain",
      size: text.length,
      checksums: { sha256: sha256(text) },
      metadata: { purpose: "test", count: 2 },
    });
    expect(file.id).toMatch(/^[a-z2-7]{26}$/);
    expect(typeof file.created_at).toBe("string");
    const download = await fetch(file.urls.get);
    expect(await download.text()).toBe(text);
  });

  it("takes the name and type of a File, and contentType overrides the type", async () => {
    const named = await createFile(client, new File(["{}"], "data.json", { type: "application/json" }));
    expect(named).toMatchObject({ name: "data.json", content_type: "application/json", metadata: {} });
    const overridden = await createFile(client, new Blob(["x"], { type: "text/plain" }), {
      contentType: "text/csv",
    });
    expect(overridden.content_type).toMatch(/^text\/csv/);
  });

  it.each([
    ["a Uint8Array", () => new Uint8Array([1, 2, 3, 250])],
    ["a Node Buffer", () => Buffer.from([1, 2, 3, 250])],
    ["an ArrayBuffer", () => new Uint8Array([1, 2, 3, 250]).buffer],
    ["a DataView", () => new DataView(new Uint8Array([1, 2, 3, 250]).buffer)],
  ])("uploads %s as application/octet-stream named file", async (_name, make) => {
    const file = await createFile(client, make());
    expect(file).toMatchObject({
      name: "file",
      content_type: "application/octet-stream",
      size: 4,
      checksums: { sha256: sha256(new Uint8Array([1, 2, 3, 250])) },
    });
  });

  it("uploads only the viewed part of a typed array", async () => {
    const bytes = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const file = await createFile(client, bytes.subarray(2, 5));
    expect(file.checksums.sha256).toBe(sha256(new Uint8Array([1, 2, 3])));
  });

  it("sends an Idempotency-Key, kept across a retry, so a retried upload stores one file", async () => {
    emulator.injectFault({ kind: "503", match: "POST /files" });
    const before = emulator.stats.filesCreated;
    const start = emulator.stats.requests.length;
    const file = await createFile(client, new Blob(["retried"]));
    const posts = emulator.stats.requests.slice(start).filter((request) => request.method === "POST");
    expect(posts.map((request) => request.status)).toEqual([503, 201]);
    expect(posts[0]?.idempotencyKey).toBeTruthy();
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    expect(emulator.stats.filesCreated).toBe(before + 1);
    expect(file.size).toBe(7);
  });

  it.each([
    ["a string", "text"],
    ["null", null],
    ["a plain object", { bytes: [1] }],
    ["a number", 5],
  ])("rejects %s as content", async (_name, content) => {
    await expectInvalidArgument(
      () => createFile(client, content as never),
      "content",
      /^Invalid content: expected a Blob, File, ArrayBuffer or typed array/,
    );
  });

  it("rejects bad filename, contentType and metadata before the network", async () => {
    const blob = new Blob(["x"]);
    await expectInvalidArgument(
      () => createFile(client, blob, { filename: "" }),
      "filename",
      /non-empty string/,
    );
    await expectInvalidArgument(
      () => createFile(client, blob, { filename: 5 as never }),
      "filename",
      /non-empty string, got 5/,
    );
    await expectInvalidArgument(
      () => createFile(client, blob, { contentType: "" }),
      "contentType",
      /non-empty string/,
    );
    for (const metadata of [[1], "a", null, { big: 1n }]) {
      await expectInvalidArgument(
        () => createFile(client, blob, { metadata: metadata as never }),
        "metadata",
        /expected a JSON object, got/,
      );
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expectInvalidArgument(() => createFile(client, blob, { metadata: cyclic }), "metadata", /JSON/);
  });

  it("rejects with an AbortError when the signal is aborted", async () => {
    const error = await createFile(client, new Blob(["x"]), { signal: AbortSignal.abort() }).catch((e) => e);
    expect(isAbortError(error)).toBe(true);
  });
});

describe("getFile, listFiles, deleteFile", () => {
  it("gets a file by id", async () => {
    const created = await createFile(client, new Blob(["get me"]), { metadata: { a: 1 } });
    expect(await getFile(client, created.id)).toEqual(created);
  });

  it("lists files a page at a time, following cursors", async () => {
    const created: DashscopeFile[] = [];
    for (const text of ["one", "two", "three"]) created.push(await createFile(client, new Blob([text])));
    const first = await listFiles(client);
    expect(first.results).toHaveLength(2);
    expect(first.next).toMatch(/cursor=/);
    const cursor = new URL(first.next as string).searchParams.get("cursor") as string;
    const second = await listFiles(client, { cursor });
    expect(second.results.map((file) => file.id)).not.toContain(first.results[0]?.id);
    const all: string[] = [];
    for await (const file of paginateItems(client, (options) => listFiles(client, options)))
      all.push(file.id);
    for (const file of created) expect(all).toContain(file.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it("takes a whole next URL as the cursor", async () => {
    for (const text of ["a", "b", "c"]) await createFile(client, new Blob([text]));
    const first = await listFiles(client);
    const second = await listFiles(client, { cursor: first.next as string });
    const byCursor = await listFiles(client, {
      cursor: new URL(first.next as string).searchParams.get("cursor") as string,
    });
    expect(second.results.map((file) => file.id)).toEqual(byCursor.results.map((file) => file.id));
  });

  it.each([5, "", "https://api.dashscope.com/v1/files"])(
    "refuses the cursor %j before the network",
    async (cursor) => {
      await expectInvalidArgument(
        () => listFiles(client, { cursor: cursor as never }),
        "cursor",
        /^Invalid cursor: expected a page cursor or a page URL with a cursor, got /,
      );
    },
  );

  it("deletes a file: resolves true, and it is gone", async () => {
    const created = await createFile(client, new Blob(["delete me"]));
    await expect(deleteFile(client, created.id)).resolves.toBe(true);
    const error = await getFile(client, created.id).catch((e) => e);
    expect(isApiError(error) && error.status).toBe(404);
    const again = await deleteFile(client, created.id).catch((e) => e);
    expect(isApiError(again) && again.status).toBe(404);
  });

  it.each(["", "a/b", "..", "x?y", 5])("refuses the id %j before the network", async (id) => {
    await expectInvalidArgument(
      () => getFile(client, id as never),
      "id",
      /^Invalid id: expected a non-empty name/,
    );
    await expectInvalidArgument(() => deleteFile(client, id as never), "id", /^Invalid id:/);
  });

  it("takes a signal", async () => {
    for (const call of [
      () => getFile(client, "abc", { signal: AbortSignal.abort() }),
      () => listFiles(client, { signal: AbortSignal.abort() }),
      () => deleteFile(client, "abc", { signal: AbortSignal.abort() }),
    ]) {
      expect(isAbortError(await call().catch((e) => e))).toBe(true);
    }
  });
});
