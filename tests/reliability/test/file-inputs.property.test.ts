import { createHash } from "node:crypto";
import { createClient, dataUriEncoder, encodeFileInputs, isInvalidArgumentError } from "@dashscope/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { rejectionOf } from "./helpers/outcome";

const CONTENT_TYPES = [
  "image/png",
  "image/jpeg",
  "text/plain",
  "application/json",
  "application/octet-stream",
];
const bytes = (maxLength = 300) => fc.uint8Array({ maxLength });

/** Every kind of binary value an input may hold, views at an offset into a larger buffer included. */
const binaryValue = fc.oneof(
  bytes(),
  bytes().map((data) => Buffer.from(data)),
  fc.tuple(bytes(), fc.nat({ max: 16 }), fc.nat({ max: 16 })).map(([data, before, after]) => {
    const backing = new Uint8Array(before + data.length + after).fill(0xee);
    backing.set(data, before);
    return backing.subarray(before, before + data.length);
  }),
  fc
    .array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 50 })
    .map((values) => Int16Array.from(values)),
  fc.float64Array({ maxLength: 20 }),
  bytes().map((data) => new DataView(data.buffer, data.byteOffset, data.byteLength)),
  bytes().map((data) => data.slice().buffer),
  fc.tuple(bytes(), fc.constantFrom(...CONTENT_TYPES, "")).map(([data, type]) => new Blob([data], { type })),
  fc
    .tuple(bytes(), fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 10 }))
    .map(([data, type, name]) => new File([data], `${name}.bin`, { type })),
);

const primitive = fc.oneof(
  fc.string({ maxLength: 10 }),
  // NaN and Infinity have no JSON form: refused before encoding (input-checks.test.ts).
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
);

/** Inputs of objects and arrays, nested a few levels, with binary values anywhere in them. */
const { input } = fc.letrec<{ input: Record<string, unknown>; node: unknown }>((tie) => ({
  input: fc.dictionary(fc.string({ maxLength: 8 }), tie("node"), { maxKeys: 5 }),
  node: fc.oneof(
    { depthSize: "small" },
    primitive,
    binaryValue,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("node"), { maxKeys: 4 }),
  ),
}));

function isBinary(value: unknown): value is Blob | ArrayBuffer | ArrayBufferView {
  return value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

async function bytesOf(value: Blob | ArrayBuffer | ArrayBufferView): Promise<Uint8Array> {
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** Where binary values sit in `value` (empty once everything is encoded). */
function binaryPaths(value: unknown, path = "input"): string[] {
  if (isBinary(value)) return [path];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => binaryPaths(item, `${path}.${key}`));
}

function decodeDataUri(uri: unknown): { type: string; bytes: Uint8Array } {
  const match = typeof uri === "string" ? /^data:(.*);base64,([A-Za-z0-9+/]*={0,2})$/.exec(uri) : null;
  expect(match, `not a base64 data URI: ${String(uri).slice(0, 80)}`).not.toBeNull();
  return { type: match?.[1] ?? "", bytes: new Uint8Array(Buffer.from(match?.[2] ?? "", "base64")) };
}

/** Walks the original input and its encoded copy side by side. */
async function expectEncoded(original: unknown, encoded: unknown): Promise<void> {
  if (isBinary(original)) {
    const decoded = decodeDataUri(encoded);
    expect(decoded.bytes).toEqual(await bytesOf(original));
    expect(decoded.type).toBe((original instanceof Blob && original.type) || "application/octet-stream");
  } else if (Array.isArray(original)) {
    expect(Array.isArray(encoded)).toBe(true);
    expect((encoded as unknown[]).length).toBe(original.length);
    for (const [index, item] of original.entries()) await expectEncoded(item, (encoded as unknown[])[index]);
  } else if (typeof original === "object" && original !== null) {
    expect(Object.keys(encoded as object)).toEqual(Object.keys(original));
    for (const [key, item] of Object.entries(original)) {
      await expectEncoded(item, (encoded as Record<string, unknown>)[key]);
    }
  } else {
    expect(encoded).toBe(original);
  }
}

describe("file inputs", () => {
  it("every Blob, File, Buffer, ArrayBuffer and typed array, however nested, becomes a data URI of exactly its bytes", async () => {
    const client = createClient({
      auth: "unused",
      baseUrl: "http://127.0.0.1:9/v1",
      fileEncodingStrategy: dataUriEncoder,
    });
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const encoded = await encodeFileInputs(client, value);
        await expectEncoded(value, encoded);
        // The original is left as it was: still the same binary values.
        await expectEncoded(value, await encodeFileInputs(client, value));
        // And no binary value is left anywhere in what is sent.
        expect(binaryPaths(encoded)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("more than 10 MB of data URIs is refused before anything is sent, naming the input", async () => {
    const client = createClient({
      auth: "unused",
      baseUrl: "http://127.0.0.1:9/v1",
      fileEncodingStrategy: dataUriEncoder,
    });
    const sixMegabytes = new Uint8Array(6 * 1024 * 1024);
    const error = await rejectionOf(() =>
      encodeFileInputs(client, { first: sixMegabytes, nested: [{ second: new Blob([sixMegabytes]) }] }),
    );
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: "input" });
  });

  describe("through the emulator's image-info model", () => {
    let server: TestEmulator;
    beforeAll(async () => {
      server = await startEmulator();
    });
    afterAll(() => server.close());

    const file = fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.constantFrom(...CONTENT_TYPES))
      .chain(([data, type]) =>
        fc.constantFrom(
          { value: new Blob([data], { type }) as unknown, data, type },
          { value: Buffer.from(data), data, type: "application/octet-stream" },
          { value: data, data, type: "application/octet-stream" },
        ),
      );

    it.each(["data-uri", "upload"] as const)(
      "the model reads back the same bytes and type (%s)",
      async (fileEncodingStrategy) => {
        const dashscope = server.client({ fileEncodingStrategy });
        await fc.assert(
          fc.asyncProperty(file, async ({ value, data, type }) => {
            const info = await dashscope.run("dashscope/image-info", { input: { image: value } });
            expect(info).toEqual({
              content_type: type,
              bytes: data.length,
              sha256: createHash("sha256").update(data).digest("hex"),
            });
          }),
          { numRuns: 12 },
        );
      },
    );
  });
});
