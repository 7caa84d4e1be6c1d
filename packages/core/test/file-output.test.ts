import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { createClient, FileOutput, isAbortError, isTimeoutError, toFileOutputs } from "../src/index";
import { raw, startTestServer } from "./helpers/test-server";

/** Sends the headers and the first bytes, then goes silent with the connection open. */
const silentAfterFirstChunk = (_request: unknown, response: ServerResponse) => {
  response.writeHead(200, { "content-type": "image/png" });
  response.write("PNG");
};

describe("FileOutput", () => {
  it("streams the file, gives it as a Blob, and stands for its URL, without sending the token", async () => {
    const files = await startTestServer(raw(200, "PNGDATA", { "content-type": "image/png" }));
    const client = createClient({ auth: "secret", baseUrl: files.baseUrl });
    const url = `${files.origin}/v1/outputs/abc/out-0.png`;
    const output = new FileOutput(url, client);
    expect(files.requests).toHaveLength(0);
    expect(String(output)).toBe(url);
    expect(JSON.stringify({ output })).toBe(JSON.stringify({ output: url }));
    expect(output.url().pathname).toBe("/v1/outputs/abc/out-0.png");
    const blob = await output.blob();
    expect(blob.type).toBe("image/png");
    expect(await blob.text()).toBe("PNGDATA");
    expect(await new Response(output).text()).toBe("PNGDATA");
    expect(files.requests.every((sent) => sent.headers.authorization === undefined)).toBe(true);
  });

  it("reports a failed download", async () => {
    const files = await startTestServer(raw(404, "gone"));
    const client = createClient({ auth: "t", baseUrl: files.baseUrl });
    await expect(new FileOutput(`${files.origin}/x.png`, client).blob()).rejects.toThrow(/failed with 404$/);
  });

  it("replaces URL strings anywhere in an output, and nothing else", () => {
    const client = createClient({ auth: "t" });
    const converted = toFileOutputs(client, {
      images: ["https://a.example/1.png", "data:text/plain;base64,aGk="],
      caption: "a cat",
      count: 2,
    }) as { images: FileOutput[]; caption: string; count: number };
    expect(converted.images.every((image) => image instanceof FileOutput)).toBe(true);
    expect(converted.caption).toBe("a cat");
    expect(converted.count).toBe(2);
  });

  it("is a ReadableStream, and a FileOutput, for instanceof", async () => {
    const files = await startTestServer(raw(200, "abc"));
    const output = new FileOutput(`${files.origin}/a.txt`, createClient({ auth: "t" }));
    expect(output).toBeInstanceOf(ReadableStream);
    expect(output).toBeInstanceOf(FileOutput);
    expect({}).not.toBeInstanceOf(FileOutput);
    expect(new ReadableStream()).not.toBeInstanceOf(FileOutput);
    const reader = output.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe("abc");
    expect((await reader.read()).done).toBe(true);
  });

  it("touches no ReadableStream when its module loads, only when the first FileOutput is made", async () => {
    const original = globalThis.ReadableStream;
    const lookups = vi.fn(() => original);
    vi.resetModules();
    Object.defineProperty(globalThis, "ReadableStream", { get: lookups, configurable: true });
    try {
      const fresh = await import("../src/run/file-output");
      expect(lookups).not.toHaveBeenCalled();
      const output = new fresh.FileOutput("https://files.example/a.png", createClient({ auth: "t" }));
      expect(lookups).toHaveBeenCalled();
      expect(output).toBeInstanceOf(original);
      expect(output).toBeInstanceOf(fresh.FileOutput);
    } finally {
      Object.defineProperty(globalThis, "ReadableStream", {
        value: original,
        configurable: true,
        writable: true,
      });
    }
  });

  it("fails a blob() with a TimeoutError when the file server goes silent after its headers", async () => {
    const files = await startTestServer(silentAfterFirstChunk);
    const client = createClient({ auth: "t", baseUrl: files.baseUrl, timeout: 100 });
    const error = await new FileOutput(`${files.origin}/silent.png`, client).blob().catch((caught) => caught);
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toMatch(/silent\.png timed out$/);
  });

  it("fails a stream read with a TimeoutError when the file server goes silent", async () => {
    // Only setTimeout is faked, so the server's answer still comes over real sockets.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const files = await startTestServer(silentAfterFirstChunk);
      const client = createClient({ auth: "t", baseUrl: files.baseUrl, timeout: 60_000 });
      const reader = new FileOutput(`${files.origin}/silent.png`, client).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("PNG");
      const read = reader.read().catch((caught) => caught);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(isTimeoutError(await read)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails with a TimeoutError when the file server never answers", async () => {
    const files = await startTestServer(() => {});
    const client = createClient({ auth: "t", baseUrl: files.baseUrl, timeout: 100 });
    const error = await new FileOutput(`${files.origin}/never.png`, client).blob().catch((caught) => caught);
    expect(isTimeoutError(error)).toBe(true);
  });

  it("stops a blob() with an AbortError when its signal aborts", async () => {
    const files = await startTestServer(silentAfterFirstChunk);
    const client = createClient({ auth: "t", baseUrl: files.baseUrl });
    const url = `${files.origin}/silent.png`;

    const blobController = new AbortController();
    const blob = new FileOutput(url, client)
      .blob({ signal: blobController.signal })
      .catch((caught) => caught);
    await vi.waitFor(() => expect(files.requests).toHaveLength(1));
    blobController.abort(new Error("user left"));
    const blobError = await blob;
    expect(isAbortError(blobError)).toBe(true);
    expect(blobError.cause).toEqual(new Error("user left"));
  });

  it("sends nothing when the signal was aborted before the download", async () => {
    const files = await startTestServer(raw(200, "PNG"));
    const client = createClient({ auth: "t", baseUrl: files.baseUrl });
    const output = new FileOutput(`${files.origin}/a.png`, client);
    const error = await output.blob({ signal: AbortSignal.abort() }).catch((caught) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(files.requests).toHaveLength(0);
  });
});
