import { type Client, InvalidArgumentError, requestJson } from "@dashscope/core";
import type { DashscopeFile } from "./dashscope-file";

/** What `createFile` uploads: a `Blob` or `File`, an `ArrayBuffer`, or any typed array (a Node `Buffer` is one). */
export type FileContent = Blob | ArrayBuffer | ArrayBufferView;

export interface CreateFileOptions {
  /** Defaults to the `File`'s own name, or `"file"`. */
  filename?: string | undefined;
  /** Defaults to the `Blob`'s own type, or `application/octet-stream`. */
  contentType?: string | undefined;
  /** Any JSON object, stored with the file and given back by `getFile`. */
  metadata?: Record<string, unknown> | undefined;
  signal?: AbortSignal | undefined;
}

function checkString(value: unknown, argument: string): void {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw new InvalidArgumentError(argument, `expected a non-empty string, got ${JSON.stringify(value)}`);
  }
}

/** Uploads one file (`POST /files`, multipart) and returns what the server stored. */
export function createFile(
  client: Client,
  content: FileContent,
  options: CreateFileOptions = {},
): Promise<DashscopeFile> {
  const { filename, contentType, metadata, signal } = options;
  const isBlob = typeof Blob !== "undefined" && content instanceof Blob;
  if (!isBlob && !(content instanceof ArrayBuffer) && !ArrayBuffer.isView(content)) {
    throw new InvalidArgumentError(
      "content",
      `expected a Blob, File, ArrayBuffer or typed array (such as a Buffer), got ${content === null ? "null" : typeof content}`,
    );
  }
  checkString(filename, "filename");
  checkString(contentType, "contentType");
  let metadataJson: string | undefined;
  try {
    if (
      metadata === undefined ||
      (typeof metadata === "object" && metadata !== null && !Array.isArray(metadata))
    )
      metadataJson = JSON.stringify(metadata ?? {});
  } catch {}
  if (metadataJson === undefined) {
    throw new InvalidArgumentError("metadata", "expected a plain object that can be sent as JSON");
  }
  const ownName = isBlob ? (content as { name?: unknown }).name : undefined;
  const type = contentType || (isBlob && content.type) || "application/octet-stream";
  const name = filename || (typeof ownName === "string" && ownName) || "file";
  const form = new FormData();
  // Wrapped in a new Blob so that `contentType` wins over the Blob's own type.
  form.append("content", new Blob([content as BlobPart], { type }), name);
  form.append("metadata", metadataJson);
  // The key makes a retried upload store the file once.
  return requestJson<DashscopeFile>(client, "/files", {
    method: "POST",
    body: form,
    idempotencyKey: true,
    signal,
  });
}
