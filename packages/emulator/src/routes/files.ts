import { createHash } from "node:crypto";
import { API_PREFIX } from "../defaults";
import { HttpProblem } from "../http-problem";
import { idempotentJsonCreate } from "../idempotency";
import { sha256Hex } from "../ids";
import { checkJsonNesting } from "../json-nesting";
import { jsonResponse, noContentResponse } from "../json-response";
import { type Route, type RouteContext, route } from "../router";
import { checkDownload, signedDownloadUrl } from "../signed-download";
import type { FileRecord } from "../state";
import { pageResponse } from "./page-response";

/** Uploaded files expire a day after upload, as on the service (nothing here enforces it). */
const LIFETIME_MILLISECONDS = 24 * 60 * 60 * 1000;

function fileJson(file: FileRecord, origin: string, signingKey: string): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    content_type: file.contentType,
    size: file.size,
    etag: file.etag,
    checksums: { sha256: file.sha256 },
    metadata: file.metadata,
    created_at: file.createdAt.toISOString(),
    expires_at: file.expiresAt.toISOString(),
    urls: {
      get: `${origin}${API_PREFIX}${file.deliveryPath}`,
      // An addition: the signed URL of `files.download`, which the service does not show on the file.
      download: signedDownloadUrl(file, origin, signingKey),
    },
  };
}

function findFile(context: RouteContext): FileRecord {
  const file = context.emulator.state.files.get(context.params.id ?? "");
  if (!file) throw new HttpProblem(404, `No file has the id ${context.params.id}.`);
  return file;
}

interface Upload {
  bytes: Uint8Array;
  name: string;
  contentType: string;
  metadata: Record<string, unknown>;
}

async function readUpload(context: RouteContext): Promise<Upload> {
  const contentType = context.request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw HttpProblem.invalid([
      { field: "content", message: "expected a multipart/form-data body with a content part" },
    ]);
  }
  let form: FormData;
  try {
    const body = await context.body();
    form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": contentType },
    }).formData();
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(400, "The multipart body could not be parsed.");
  }
  const content = form.get("content");
  if (content === null || typeof content === "string") {
    throw HttpProblem.invalid([{ field: "content", message: "expected a file part (with a filename)" }]);
  }
  let metadata: Record<string, unknown> = {};
  const metadataPart = form.get("metadata");
  if (metadataPart !== null) {
    const text = typeof metadataPart === "string" ? metadataPart : await metadataPart.text();
    checkJsonNesting(text, context.emulator.settings.maxJsonDepth);
    let parsed: unknown;
    try {
      parsed = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw HttpProblem.invalid([{ field: "metadata", message: "expected a JSON object" }]);
    }
    metadata = parsed as Record<string, unknown>;
  }
  return {
    bytes: new Uint8Array(await content.arrayBuffer()),
    name: content.name || "file",
    contentType: content.type || "application/octet-stream",
    metadata,
  };
}

async function createFile(context: RouteContext): Promise<Response> {
  const { emulator } = context;
  const upload = await readUpload(context);
  // A retried upload has a new multipart boundary, so the fingerprint is of what was uploaded.
  const create = idempotentJsonCreate(emulator.idempotency, context.request, context.path, {
    sha256: sha256Hex(upload.bytes),
    name: upload.name,
    type: upload.contentType,
    metadata: upload.metadata,
  });
  if (create.replay) return create.replay(context.request);

  const createdAt = emulator.state.now();
  const file: FileRecord = {
    id: emulator.state.ids.object(),
    name: upload.name,
    contentType: upload.contentType,
    size: upload.bytes.byteLength,
    etag: `"${createHash("md5").update(upload.bytes).digest("hex")}"`,
    sha256: sha256Hex(upload.bytes),
    metadata: upload.metadata,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + LIFETIME_MILLISECONDS),
    deliveryPath: emulator.state.storeBlob(upload.bytes, upload.contentType, upload.name),
    sequence: emulator.state.nextSequence(),
  };
  emulator.state.files.set(file.id, file);
  emulator.stats.filesCreated += 1;
  const respond = async (request: Request) =>
    jsonResponse(fileJson(file, new URL(request.url).origin, emulator.state.downloadSigningKey), 201);
  create.remember(respond);
  return respond(context.request);
}

export const fileRoutes: Route[] = [
  route("POST", "/files", createFile),
  route("GET", "/files", (context) => {
    const files = [...context.emulator.state.files.values()].reverse();
    return pageResponse(
      context,
      files,
      (file) => -file.sequence,
      (file) => fileJson(file, context.origin, context.emulator.state.downloadSigningKey),
    );
  }),
  route("GET", "/files/{id}", (context) =>
    jsonResponse(fileJson(findFile(context), context.origin, context.emulator.state.downloadSigningKey)),
  ),
  route(
    "GET",
    "/files/{id}/download",
    (context) => {
      const file = findFile(context);
      checkDownload(
        context.url,
        file.id,
        context.emulator.state.downloadSigningKey,
        context.emulator.clock.now(),
      );
      const blob = context.emulator.state.blobs.get(file.deliveryPath);
      if (!blob) throw new HttpProblem(404, "File not found.");
      return new Response(blob.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          // As the document gives it: the bytes as a download, whatever their type (`urls.get` serves that).
          "content-type": "application/octet-stream",
          "content-length": String(blob.bytes.byteLength),
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        },
      });
    },
    // The signature is the credential, as for the service's own links: no token needed.
    "download",
  ),
  route("DELETE", "/files/{id}", (context) => {
    const file = findFile(context);
    context.emulator.state.files.delete(file.id);
    context.emulator.state.blobs.delete(file.deliveryPath);
    return noContentResponse();
  }),
];
