import { createHash } from "node:crypto";
import {
  type Client,
  createClient,
  encodeFileInputs,
  type Prediction,
  requestJson,
  waitFor,
} from "@dashscope/core";
import { createEmulator, type Emulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFile, listFiles, uploadFileInput } from "../src/index";

let emulator: Emulator;
let client: Client;

beforeAll(async () => {
  emulator = createEmulator({ timeScale: 0.01 });
  const { url } = await emulator.listen(0);
  client = createClient({ auth: "emulator-token", baseUrl: url, fileEncodingStrategy: uploadFileInput });
});

afterAll(async () => {
  await emulator.close();
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function runImageInfo(image: string) {
  const created = await requestJson<Prediction>(client, "/models/dashscope/image-info/predictions", {
    method: "POST",
    body: { input: { image } },
    idempotencyKey: true,
  });
  return waitFor(client, created, created.urls.get, { interval: 10 });
}

describe("uploadFileInput", () => {
  it("uploads a Blob input and passes its URL, which a model reads back byte for byte", async () => {
    const bytes = new Uint8Array(2000).map((_, index) => (index * 7) % 256);
    const before = emulator.stats.filesCreated;
    const input = await encodeFileInputs(client, {
      image: new Blob([bytes], { type: "image/png" }),
      note: "kept",
    });
    expect(emulator.stats.filesCreated).toBe(before + 1);
    expect(input.note).toBe("kept");
    const url = input.image as unknown as string;
    expect(typeof url).toBe("string");
    const { results } = await listFiles(client);
    const uploaded = results.find((file) => file.urls.get === url);
    expect(uploaded).toMatchObject({
      size: 2000,
      content_type: "image/png",
      checksums: { sha256: sha256(bytes) },
    });
    expect(await getFile(client, uploaded?.id as string)).toEqual(uploaded);

    const prediction = await runImageInfo(url);
    expect(prediction.status).toBe("succeeded");
    expect(prediction.output).toEqual({ content_type: "image/png", bytes: 2000, sha256: sha256(bytes) });
  });

  it("uploads every byte input of a nested input, typed arrays included", async () => {
    const before = emulator.stats.filesCreated;
    const input = await encodeFileInputs(client, {
      images: [new Uint8Array([1, 2, 3]), Buffer.from("buffer")],
      nested: { file: new Uint8Array([4]).buffer },
      text: "no upload",
    });
    expect(emulator.stats.filesCreated).toBe(before + 3);
    const [first, second] = input.images as unknown as string[];
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(second).not.toBe(first);
    expect(typeof input.nested.file).toBe("string");
    const prediction = await runImageInfo(second as string);
    expect(prediction.output).toMatchObject({ bytes: 6, sha256: sha256(Buffer.from("buffer")) });
  });

  it("passes the signal to the upload", async () => {
    const error = await uploadFileInput(client, new Blob(["x"]), { signal: AbortSignal.abort() }).catch(
      (e) => e,
    );
    expect(error.name).toBe("AbortError");
  });
});
