import {
  type Client,
  checkOptionNames,
  InvalidArgumentError,
  invalidArgument,
  requestJson,
  toBlob,
} from "@dashscope/core";
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

/** The options of replicate's positional shape, `createFile(client, file, metadata, { signal })`. */
const POSITIONAL_OPTION_NAMES = "filename contentType signal";

/** The names of our options, `createFile(client, file, { filename, metadata, signal })`. */
const OPTION_NAMES = ["filename", "contentType", "metadata", "signal"];

function checkString(value: unknown, argument: string): void {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw invalidArgument(argument, "a non-empty string", value);
  }
}

/**
 * Uploads one file (`POST /files`, multipart) and returns what the server stored. Takes our options,
 * `createFile(client, file, { filename, metadata, signal })`, or replicate's positional shape,
 * `createFile(client, file, metadata, { signal })`: the second argument is the metadata when a third
 * one is given or when it has any key that is not one of the options' names.
 */
export async function createFile(
  client: Client,
  content: FileContent,
  optionsOrMetadata: CreateFileOptions | Record<string, unknown> = {},
  positionalOptions?: CreateFileOptions,
): Promise<DashscopeFile> {
  let options = optionsOrMetadata as CreateFileOptions;
  if (
    positionalOptions !== undefined ||
    Object.keys(Object(optionsOrMetadata)).some((key) => !OPTION_NAMES.includes(key))
  ) {
    checkOptionNames(Object(positionalOptions), POSITIONAL_OPTION_NAMES);
    options = { ...positionalOptions, metadata: optionsOrMetadata as Record<string, unknown> };
  }
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  const { filename, contentType, metadata = {}, signal } = options;
  const blob = toBlob(content);
  if (!blob) {
    // Only the type: the value may be a whole file's text.
    throw new InvalidArgumentError(
      "content",
      `expected a Blob, File, ArrayBuffer or typed array, got ${content === null ? "null" : typeof content}`,
    );
  }
  checkString(filename, "filename");
  checkString(contentType, "contentType");
  let metadataJson: string | undefined;
  try {
    metadataJson = JSON.stringify(metadata);
  } catch {}
  // A JSON object, and nothing that serialises as another value (an array, a string, null).
  if (!metadataJson?.startsWith("{")) {
    throw invalidArgument("metadata", "a JSON object", metadata);
  }
  const ownName = (blob as { name?: unknown }).name;
  const type = contentType || blob.type || "application/octet-stream";
  const name = filename || (typeof ownName === "string" && ownName) || "file";
  const form = new FormData();
  // Wrapped in a new Blob so that `contentType` wins over the Blob's own type.
  form.append("content", new Blob([blob], { type }), name);
  form.append("metadata", metadataJson);
  // The key makes a retried upload store the file once.
  return requestJson<DashscopeFile>(client, "/files", {
    method: "POST",
    body: form,
    idempotencyKey: true,
    signal,
  });
}
