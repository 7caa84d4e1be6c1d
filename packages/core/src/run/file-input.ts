import type { FileEncodingStrategy, FileUploader } from "../client";
import { InvalidArgumentError } from "../errors/invalid-argument-error";

// Declared beside `Client`, which takes them; still exported from here, where they were first.
export type { FileEncodingStrategy, FileUploader };

/** Data URIs travel inside the request body; past this total, upload the files instead. */
export const MAX_DATA_URI_BYTES = 10_485_760;

// A multiple of 3, so every chunk but the last encodes to base64 without padding.
const CHUNK_BYTES = 24_576;

/**
 * Sends each file input inline, as a `data:` URI: `createClient({ fileEncodingStrategy: dataUriEncoder })`.
 * Refuses file inputs that add up to more than `MAX_DATA_URI_BYTES` in one request, before encoding any.
 */
export const dataUriEncoder: FileUploader = async (_client, file, { total = file.size }) => {
  if (total > MAX_DATA_URI_BYTES) {
    throw new InvalidArgumentError(
      "input",
      "file inputs add up to more than 10 MB, the limit for data URIs; upload them instead (uploadFileInput) or pass URLs",
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let encoded = "";
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    encoded += btoa(String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES)));
  }
  return `data:${file.type || "application/octet-stream"};base64,${encoded}`;
};

/**
 * File content as a `Blob`: a `Blob` or `File` as it is, an `ArrayBuffer` or a typed array (a Node
 * `Buffer` is one) wrapped in one, and `undefined` for anything else.
 */
export function toBlob(value: unknown): Blob | undefined {
  if (typeof Blob !== "undefined" && value instanceof Blob) return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new Blob([value as ArrayBuffer]);
  return undefined;
}
