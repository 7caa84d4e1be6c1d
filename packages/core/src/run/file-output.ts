import { throwIfAborted } from "../abortable";
import type { Client, FileOutputMapper } from "../client";
import { AbortError } from "../errors/abort-error";
import { DashscopeError } from "../errors/dashscope-error";
import { TimeoutError } from "../errors/timeout-error";
import { fetchCache } from "../fetch-cache";
import { isPlainObject } from "../plain-object";

export interface FileOutputOptions {
  /** Stops the download: a read waiting for bytes then rejects with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/**
 * One download. Output URLs are capabilities of their own, so it never carries the API token. The
 * client's `timeout` bounds each wait: for the headers, then for `blob()`'s whole body or for each
 * chunk a stream reader asks for, so a server that goes silent fails with a `TimeoutError` while a
 * long stream still comes and a slow reader is never hurried. `finish` lets go of the caller's signal.
 */
async function download(client: Client, url: string, signal: AbortSignal | undefined) {
  throwIfAborted(signal);
  const name = `Downloading the file output ${url.slice(0, 200)}`;
  const controller = new AbortController();
  const onAbort = () => controller.abort(new AbortError(signal?.reason));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => signal?.removeEventListener("abort", onAbort);
  // fetch and its body reject with the abort's reason where they follow the standard; the reason is
  // thrown all the same for those that do not.
  const wait = <T>(step: Promise<T>): Promise<T> => {
    timer = setTimeout(() => controller.abort(new TimeoutError(`${name} timed out`)), client.timeout);
    return step
      .catch((error) => {
        finish();
        throw controller.signal.reason ?? error;
      })
      .finally(() => clearTimeout(timer));
  };
  signal?.addEventListener("abort", onAbort);
  const response = await wait(
    (client.fetch ?? globalThis.fetch)(url, { signal: controller.signal, cache: fetchCache() }),
  );
  if (!response.ok) {
    finish();
    await response.body?.cancel().catch(() => {});
    throw new DashscopeError(`${name} failed with ${response.status}`);
  }
  return [response, wait, finish] as const;
}

/**
 * `ReadableStream`, looked up only when the first file output is made: in Node, merely reading that
 * global loads the whole web-streams implementation, which would slow every import of this module.
 */
function LazyReadableStream(this: unknown, ...args: unknown[]) {
  Object.setPrototypeOf(LazyReadableStream.prototype, ReadableStream.prototype);
  return Reflect.construct(ReadableStream, args, new.target);
}

// Each FileOutput's URL and client, kept beside it rather than in `#private` fields: declarations
// with `#private` do not compile for a project that targets ES5 without skipLibCheck, as replicate's
// do; and the client (with its token) stays out of anything that walks the object.
const sources = new WeakMap<object, { url: string; client: Client }>();

function sourceOf(fileOutput: FileOutput): { url: string; client: Client } {
  const source = sources.get(fileOutput);
  // A method called on something else (`FileOutput.prototype.blob.call({})`).
  if (!source) throw new TypeError("not a FileOutput");
  return source;
}

/**
 * A file output of a model: a `ReadableStream` of its bytes, fetched on first read, with the URL
 * beside it. `String(fileOutput)` and `JSON.stringify` give the URL, so code written for URL outputs
 * still works. A read waits at most the client's `timeout` for the next bytes; cancelling the
 * stream (`reader.cancel()`, or `pipeTo`'s `signal`) stops the download.
 */
export class FileOutput extends (LazyReadableStream as unknown as typeof ReadableStream<Uint8Array>) {
  constructor(url: string, client: Client) {
    let opened: ReturnType<typeof download> | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    super(
      {
        async pull(controller) {
          opened ??= download(client, url, undefined);
          const [response, wait] = await opened;
          reader ??= response.body?.getReader();
          const chunk = reader && (await wait(reader.read()));
          if (chunk && !chunk.done) controller.enqueue(chunk.value);
          else controller.close();
        },
        cancel: (reason) => reader?.cancel(reason),
      },
      // Nothing is fetched until somebody reads.
      { highWaterMark: 0 },
    );
    sources.set(this, { url, client });
  }

  url(): URL {
    return new URL(sourceOf(this).url);
  }

  /** The whole file, with the content type the server gave it. */
  async blob({ signal }: FileOutputOptions = {}): Promise<Blob> {
    const { client, url } = sourceOf(this);
    const [response, wait, finish] = await download(client, url, signal);
    const blob = await wait(response.blob());
    finish();
    return blob;
  }

  override toString(): string {
    return sourceOf(this).url;
  }

  toJSON(): string {
    return sourceOf(this).url;
  }
}

export type { FileOutputMapper };

/**
 * Replaces every http(s) or data URL string in `output` with a `FileOutput`; other values stay.
 * `createClient({ useFileOutput: toFileOutputs })` makes `run` do so.
 */
export function toFileOutputs(client: Client, output: unknown): unknown {
  if (typeof output === "string")
    return /^(https?|data):/i.test(output) ? new FileOutput(output, client) : output;
  if (Array.isArray(output)) return output.map((item) => toFileOutputs(client, item));
  if (isPlainObject(output)) {
    return Object.fromEntries(
      Object.entries(output).map(([key, value]) => [key, toFileOutputs(client, value)]),
    );
  }
  return output;
}
