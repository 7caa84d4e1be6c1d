import { type Client, NotFoundError } from "@dashscope/core";
import type { Emulator } from "@dashscope/emulator";
import {
  type AnsweringServer,
  BAD_SEGMENTS,
  expectInvalidArgument,
  rejectionOf,
  startAnsweringServer,
  startEmulator,
} from "test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFile, downloadFile } from "../src/index";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  ({ emulator, client } = await startEmulator());
});
afterAll(() => emulator.close());

let server: AnsweringServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SIGNED = {
  owner: "alice",
  expiry: 1708515345,
  signature: "zuoghqlrcnw8YHywkpaXQlHsVhWen/DZ4aal76dLiOo=",
};

describe("downloadFile", () => {
  it("downloads a stored file through the emulator's signed URL, bytes as uploaded", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const file = await createFile(client, bytes, { filename: "bytes.bin" });
    const signed = new URL((file.urls as { download?: string }).download as string);
    const response = await downloadFile(client, file.id, {
      owner: signed.searchParams.get("owner") as string,
      expiry: Number(signed.searchParams.get("expiry")),
      signature: signed.searchParams.get("signature") as string,
    });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    expect(emulator.requests.at(-1)).toMatchObject({ path: `/files/${file.id}/download`, status: 200 });
  });

  it("a signature the server refuses is its NotFoundError", async () => {
    const file = await createFile(client, new Blob(["x"]));
    const error = await rejectionOf(downloadFile(client, file.id, { ...SIGNED, owner: "dashscope" }));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("sends owner, expiry and signature, escaped, and answers the Response with its body unread", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    server = await startAnsweringServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.end(bytes);
    });
    const response = await downloadFile(server.client, "cneqzikepnug6xezperrr4z55o", SIGNED);
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    const url = new URL(server.requests[0]?.url ?? "", server.origin);
    expect(url.pathname).toBe("/v1/files/cneqzikepnug6xezperrr4z55o/download");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      owner: "alice",
      expiry: "1708515345",
      signature: SIGNED.signature,
    });
    // `+`, `/` and `=` of the base64 signature reach the server as they were.
    expect(server.requests[0]?.url).toContain("signature=zuoghqlrcnw8YHywkpaXQlHsVhWen%2FDZ4aal76dLiOo%3D");
  });

  it("a 404 from any server is a NotFoundError", async () => {
    server = await startAnsweringServer((_request, response) => {
      response.writeHead(404, { "content-type": "application/problem+json" });
      response.end(JSON.stringify({ title: "Not found", status: 404, detail: "File not found" }));
    });
    expect(await rejectionOf(downloadFile(server.client, "abc", SIGNED))).toBeInstanceOf(NotFoundError);
  });

  it.each([
    ["owner", { ...SIGNED, owner: "" }, /a non-empty string/],
    ["owner", { ...SIGNED, owner: undefined }, /a non-empty string/],
    ["signature", { ...SIGNED, signature: "" }, /a non-empty string/],
    ["signature", { ...SIGNED, signature: 42 }, /a non-empty string/],
    ["expiry", { ...SIGNED, expiry: "1708515345" }, /Unix seconds/],
    ["expiry", { ...SIGNED, expiry: 1.5 }, /Unix seconds/],
    ["expiry", { ...SIGNED, expiry: -1 }, /Unix seconds/],
    ["expiry", { ...SIGNED, expiry: new Date() }, /Unix seconds/],
    ["options", undefined, /an object/],
    ["options", "alice", /an object/],
  ])("refuses a bad %s before sending", async (argument, options, message) => {
    await expectInvalidArgument(
      emulator,
      () => downloadFile(client, "abc", options as never),
      argument,
      message,
    );
  });

  it.each(BAD_SEGMENTS)("refuses the id %j before sending", async (bad) => {
    await expectInvalidArgument(emulator, () => downloadFile(client, bad as string, SIGNED), "id", /id/);
  });
});
