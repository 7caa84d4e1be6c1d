import { mkdir, open, unlink } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { FetchFunction } from "dashscope";
import { extensionOf } from "./content-types";

/** A file output saved on disk. */
export interface DownloadedFile {
  url: string;
  /** As printed: inside the output directory as the user named it (`outputs/out-0.png`). */
  path: string;
}

/** A file output that could not be fetched or saved. Exits 3, like any other I/O failure. */
export class DownloadError extends Error {
  override readonly name = "DownloadError";
}

export interface DownloadOptions {
  /** `--output-dir`, relative to `cwd` unless absolute. */
  directory: string;
  cwd: string;
  fetch?: FetchFunction | undefined;
  signal?: AbortSignal | undefined;
}

const FILE_URL = /^(https?|data):/i;
// Keeps a name that is safe on every file system and can never leave the output directory.
const UNSAFE = /[^\w.-]+/g;
// Bounds the search for a free name; past it the output directory is full of copies.
const MAX_COPIES = 1000;

/** Where a URL without a sensible last path segment is saved: `output.<extension>`. */
function fileNameOf(url: string, contentType: string | null): string {
  let name = "";
  if (!url.startsWith("data:")) {
    try {
      const last = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
      // An encoded `..%2F` decodes to a path: keep only its last part.
      name = (last.split(/[\\/]/).pop() ?? "").replace(UNSAFE, "_").replace(/^\.+/, "");
    } catch {}
  }
  if (!name) name = "output";
  return /\.[A-Za-z0-9]{1,8}$/.test(name) ? name : `${name}.${extensionOf(contentType)}`;
}

/** Opens a file that does not exist yet: `out-0.png`, else `out-0-1.png`, `out-0-2.png`, … */
async function createFreshFile(directory: string, name: string) {
  const dot = name.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let copy = 0; copy < MAX_COPIES; copy++) {
    const candidate = copy === 0 ? name : `${stem}-${copy}${extension}`;
    try {
      return { name: candidate, handle: await open(join(directory, candidate), "wx") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new DownloadError(`${directory} already holds ${MAX_COPIES} copies of ${name}`);
}

// Shown in messages without its query, which may hold a signature.
function shown(url: string): string {
  return url.startsWith("data:") ? `${url.slice(0, 30)}…` : (url.split("?")[0]?.slice(0, 200) ?? url);
}

async function download(url: string, options: DownloadOptions): Promise<DownloadedFile> {
  // data: URIs hold their bytes; Node's own fetch decodes them without a network.
  const fetchFunction = url.startsWith("data:") ? globalThis.fetch : (options.fetch ?? globalThis.fetch);
  let response: Response;
  try {
    // Output URLs are capabilities of their own: downloads never carry the API token.
    response = await fetchFunction(url, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new DownloadError(`downloading ${shown(url)} failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new DownloadError(
      `downloading ${shown(url)} failed with ${response.status} ${response.statusText}`,
    );
  }
  const directory = resolve(options.cwd, options.directory);
  await mkdir(directory, { recursive: true });
  const { name, handle } = await createFreshFile(
    directory,
    fileNameOf(url, response.headers.get("content-type")),
  );
  try {
    await pipeline(
      Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
      handle.createWriteStream(),
    );
  } catch (error) {
    // A half-written file would pass for the output: remove it.
    await unlink(join(directory, name)).catch(() => {});
    if (options.signal?.aborted) throw error;
    throw new DownloadError(`saving ${shown(url)} failed: ${(error as Error).message}`);
  } finally {
    await handle.close().catch(() => {});
  }
  const path = isAbsolute(options.directory) ? join(directory, name) : join(options.directory, name);
  return { url, path };
}

/**
 * Downloads every file output (an http(s) or data: URL string anywhere in `output`) into the output
 * directory, one at a time in output order, and answers the output with each URL replaced by its path.
 */
export async function downloadOutputs(
  output: unknown,
  options: DownloadOptions,
): Promise<{ output: unknown; files: DownloadedFile[] }> {
  const files: DownloadedFile[] = [];
  const visit = async (value: unknown): Promise<unknown> => {
    if (typeof value === "string" && FILE_URL.test(value)) {
      const file = await download(value, options);
      files.push(file);
      return file.path;
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) items.push(await visit(item));
      return items;
    }
    if (typeof value === "object" && value !== null) {
      const entries: [string, unknown][] = [];
      for (const [key, item] of Object.entries(value)) entries.push([key, await visit(item)]);
      return Object.fromEntries(entries);
    }
    return value;
  };
  return { output: await visit(output), files };
}
