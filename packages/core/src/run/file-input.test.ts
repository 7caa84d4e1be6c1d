import { Buffer } from "node:buffer";
import { describe, expect, it, vi } from "vitest";
import { createClient } from "../client";
import { isAbortError, isInvalidArgumentError } from "../errors/guards";
import { encodeFileInputs } from "./encode-file-inputs";
import { dataUriEncoder, MAX_DATA_URI_BYTES } from "./file-input";

const client = createClient({ auth: "t", fileEncodingStrategy: dataUriEncoder });

describe("encodeFileInputs", () => {
  it("turns Blobs, bytes and buffers into data URIs, anywhere in the input", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
    const encoded = await encodeFileInputs(client, {
      blob: new Blob(["hello"], { type: "text/plain" }),
      bytes,
      buffer: Buffer.from("hi"),
      arrayBuffer: bytes.buffer,
      floats: new Float32Array([1]),
      nested: { list: [new Blob(["x"]), "keep", 3] },
    });
    expect(encoded).toEqual({
      blob: "data:text/plain;base64,aGVsbG8=",
      bytes: `data:application/octet-stream;base64,${Buffer.from(bytes).toString("base64")}`,
      buffer: "data:application/octet-stream;base64,aGk=",
      arrayBuffer: `data:application/octet-stream;base64,${Buffer.from(bytes).toString("base64")}`,
      floats: `data:application/octet-stream;base64,${Buffer.from(new Float32Array([1]).buffer).toString("base64")}`,
      nested: { list: ["data:application/octet-stream;base64,eA==", "keep", 3] },
    });
  });

  it("passes every other value through unchanged", async () => {
    const input = {
      text: "a",
      number: 1,
      flag: true,
      none: null,
      list: [1, "b"],
      url: "https://x/y.png",
    };
    const encoded = await encodeFileInputs(client, input);
    expect(encoded).toEqual(input);
  });

  it("encodes 10 MB exactly, matching Node's own base64", async () => {
    const bytes = new Uint8Array(MAX_DATA_URI_BYTES);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 7919) % 256;
    const { file } = await encodeFileInputs(client, { file: bytes });
    expect(file).toBe(`data:application/octet-stream;base64,${Buffer.from(bytes).toString("base64")}`);
  });

  it.each([
    ["while the file is read", "read"],
    ["by a timer while the bytes are encoded", "timer"],
  ])("stops encoding with an AbortError when the signal aborts %s", async (_name, when) => {
    const controller = new AbortController();
    // Aborts from inside the read, or from a timer that can only run once the encoder pauses.
    class AbortingBlob extends Blob {
      override async arrayBuffer() {
        if (when === "read") controller.abort();
        else setTimeout(() => controller.abort(), 0);
        return super.arrayBuffer();
      }
    }
    const btoa = vi.spyOn(globalThis, "btoa");
    try {
      const error = await encodeFileInputs(
        client,
        { file: new AbortingBlob([new Uint8Array(9_000_000)]) },
        { signal: controller.signal },
      ).catch((caught: unknown) => caught);
      expect(isAbortError(error), String(error)).toBe(true);
      // 9 MB is 367 chunks: an abort during the read stops before the first, a timer's within the first pause.
      expect(btoa.mock.calls.length).toBeLessThanOrEqual(when === "read" ? 0 : 40);
    } finally {
      btoa.mockRestore();
    }
  });

  it("rejects with an AbortError when a strategy that ignores the signal returns after an abort", async () => {
    const controller = new AbortController();
    const ignoring = createClient({
      auth: "t",
      fileEncodingStrategy: async () => {
        controller.abort();
        return "https://files.example/a";
      },
    });
    const error = await encodeFileInputs(
      ignoring,
      { file: new Blob(["a"]) },
      { signal: controller.signal },
    ).catch((caught: unknown) => caught);
    expect(isAbortError(error), String(error)).toBe(true);
  });

  it("refuses more than 10 MB in one request, and says what to do instead", async () => {
    const half = new Uint8Array(MAX_DATA_URI_BYTES / 2 + 1);
    const error = await encodeFileInputs(client, { a: half, b: half }).catch((caught: unknown) => caught);
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "input" });
    expect((error as Error).message).toMatch(/more than 10 MB.*upload them instead/);
  });

  it("without a fileEncodingStrategy, refuses a file input by its field before anything is encoded", async () => {
    const plain = createClient({ auth: "t" });
    const error = await encodeFileInputs(plain, { text: "a", nested: { image: new Blob(["x"]) } }).catch(
      (caught: unknown) => caught,
    );
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "input.nested.image" });
    const input = { text: "a", list: [1] };
    expect(await encodeFileInputs(plain, input)).toBe(input);
  });

  it("hands each file to the uploader strategy and uses the URL it returns", async () => {
    const uploader = vi.fn(async (_client: unknown, file: Blob) => `https://files.example/${file.size}`);
    const uploading = createClient({ auth: "t", fileEncodingStrategy: uploader });
    const big = new Uint8Array(MAX_DATA_URI_BYTES + 1);
    const encoded = await encodeFileInputs(uploading, { big, small: new Blob(["abc"]) });
    expect(encoded).toEqual({ big: `https://files.example/${big.length}`, small: "https://files.example/3" });
    expect(uploader).toHaveBeenCalledTimes(2);
    expect(uploader.mock.calls[0]?.[0]).toBe(uploading);
  });
});
