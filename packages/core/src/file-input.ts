import { checkInput, MAX_DATA_URI_BYTES } from "./check-input";
import type { Client } from "./client";
import { isPlainObject } from "./plain-object";

export { MAX_DATA_URI_BYTES };

/** Uploads one file input and returns the URL to pass in its place (see `uploadFileInput` in @dashscope/files). */
export type FileUploader = (
  client: Client,
  file: Blob,
  options: { signal?: AbortSignal | undefined },
) => Promise<string>;

export type FileEncodingStrategy = "data-uri" | FileUploader;

// A multiple of 3, so every chunk but the last encodes to base64 without padding.
const CHUNK_BYTES = 24_576;

function toBase64(bytes: Uint8Array): string {
  let encoded = "";
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const chunk = bytes.subarray(start, start + CHUNK_BYTES);
    encoded += btoa(String.fromCharCode(...chunk));
  }
  return encoded;
}

/**
 * File content as a `Blob`: a `Blob` or `File` as it is, an `ArrayBuffer` or a typed array (a Node
 * `Buffer` is one) wrapped in one, and `undefined` for anything else.
 */
export function toBlob(value: unknown): Blob | undefined {
  if (typeof Blob !== "undefined" && value instanceof Blob) return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new Blob([value as ArrayBuffer]);
  return undefined;
}

/**
 * Returns a copy of `input` in which every `Blob`, `File`, `ArrayBuffer`, typed array or Node `Buffer`
 * is replaced by a `data:` URI, or by the URL the client's uploader returns. Other values pass through.
 * Throws an `InvalidArgumentError` first, before anything is encoded or uploaded, for what JSON
 * cannot carry (see `checkInput`) and for data URIs over `MAX_DATA_URI_BYTES`.
 */
export async function encodeFileInputs<T>(
  client: Client,
  input: T,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const strategy = client.fileEncodingStrategy;
  checkInput(input, typeof strategy !== "function");

  const encode = async (value: unknown): Promise<unknown> => {
    const file = toBlob(value);
    if (file) {
      if (typeof strategy === "function") return strategy(client, file, options);
      const bytes = new Uint8Array(await file.arrayBuffer());
      return `data:${file.type || "application/octet-stream"};base64,${toBase64(bytes)}`;
    }
    if (Array.isArray(value)) return Promise.all(value.map(encode));
    if (!isPlainObject(value)) return value;
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await encode(item)]),
    );
    return Object.fromEntries(entries);
  };

  return (await encode(input)) as T;
}
