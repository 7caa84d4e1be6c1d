import { sleep, throwIfAborted } from "../abortable";
import type { FileEncodingStrategy, FileUploader } from "../client";
import { InvalidArgumentError } from "../errors/invalid-argument-error";

// Declared beside `Client`, which takes them; still exported from here, where they were first.
export type { FileEncodingStrategy, FileUploader };

/** Data URIs travel inside the request body; past this total, upload the files instead. */
export const MAX_DATA_URI_BYTES = 10_485_760;

// A multiple of 3, so every chunk but the last encodes to base64 without padding.
const CHUNK_BYTES = 24_576;
// Encoding takes about 0.1 s of CPU a megabyte: it lets other work (an abort's timer) run after each
// 40 chunks, about 1 MB, and stops there when the signal has aborted.
const CHUNKS_BETWEEN_PAUSES = 40;

/**
 * Sends each file input inline, as a `data:` URI: `createClient({ fileEncodingStrategy: dataUriEncoder })`.
 * Refuses file inputs that add up to more than `MAX_DATA_URI_BYTES` in one request, before encoding any.
 */
export const dataUriEncoder: FileUploader = async (_client, file, { signal, total = file.size }) => {
  if (total > MAX_DATA_URI_BYTES) {
    throw new InvalidArgumentError(
      "input",
      "file inputs add up to more than 10 MB, the limit for data URIs; upload them instead (uploadFileInput) or pass URLs",
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  throwIfAborted(signal);
  let encoded = "";
  for (let start = 0, chunk = 0; start < bytes.length; start += CHUNK_BYTES) {
    if (++chunk % CHUNKS_BETWEEN_PAUSES === 0) await sleep(0, signal);
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
