import { type Client, invalidArgument, pathSegment, request } from "@dashscope/core";

/** The three parts of a signed download URL, as the service hands them out. */
export interface DownloadFileOptions {
  /** The user or organisation that uploaded the file. */
  owner: string;
  /** When the signature stops working: Unix seconds. */
  expiry: number;
  /** The URL's signature (base64), as given: it is escaped on the way. */
  signature: string;
  signal?: AbortSignal | undefined;
}

/**
 * Downloads a stored file through a signed URL's `owner`, `expiry` and `signature`
 * (`GET /files/{id}/download`), and answers the `Response` once its headers have arrived, body unread:
 * read it with `.blob()`, `.arrayBuffer()` or `.text()`, or stream `.body`, so that a large file never
 * has to fit in memory. A wrong signature or a past expiry is the server's to refuse (an `ApiError`).
 */
export async function downloadFile(
  client: Client,
  id: string,
  options: DownloadFileOptions,
): Promise<Response> {
  const route = `/files/${pathSegment(id, "id")}/download`;
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "an object", options);
  const { owner, expiry, signature, signal } = options;
  for (const [key, value] of Object.entries({ owner, signature })) {
    if (typeof value !== "string" || !value) throw invalidArgument(key, "a non-empty string", value);
  }
  if (!Number.isInteger(expiry) || expiry < 0) {
    throw invalidArgument("expiry", "a whole number of Unix seconds", expiry);
  }
  return request(client, route, { query: { owner, expiry, signature }, signal });
}
