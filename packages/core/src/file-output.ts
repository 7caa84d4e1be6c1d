import type { Client } from "./client";
import { DashscopeError } from "./errors/dashscope-error";
import { isPlainObject } from "./plain-object";

// Output URLs are capabilities of their own: downloads never carry the API token.
async function download(client: Client, url: string): Promise<Response> {
  const fetchFunction = client.fetch ?? globalThis.fetch;
  const response = await fetchFunction(url);
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new DashscopeError(
      `Downloading the file output ${url.slice(0, 200)} failed with ${response.status}`,
    );
  }
  return response;
}

/**
 * `ReadableStream`, looked up only when the first file output is made: in Node, merely reading that
 * global loads the whole web-streams implementation, which would slow every import of this module.
 */
function LazyReadableStream(this: unknown, ...args: unknown[]) {
  Object.setPrototypeOf(LazyReadableStream.prototype, ReadableStream.prototype);
  return Reflect.construct(ReadableStream, args, new.target);
}

/**
 * A file output of a model: a `ReadableStream` of its bytes, fetched on first read, with the URL
 * beside it. `String(fileOutput)` and `JSON.stringify` give the URL, so code written for URL outputs
 * still works. `instanceof FileOutput` and `instanceof ReadableStream` both hold.
 */
export class FileOutput extends (LazyReadableStream as unknown as typeof ReadableStream<Uint8Array>) {
  readonly #url: string;
  readonly #client: Client;

  constructor(url: string, client: Client) {
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    super(
      {
        async pull(controller) {
          reader ??= (await download(client, url)).body?.getReader();
          const chunk = await reader?.read();
          if (chunk && !chunk.done) controller.enqueue(chunk.value);
          else controller.close();
        },
        cancel: (reason) => reader?.cancel(reason),
      },
      // Nothing is fetched until somebody reads.
      { highWaterMark: 0 },
    );
    this.#url = url;
    this.#client = client;
  }

  url(): URL {
    return new URL(this.#url);
  }

  /** The whole file, with the content type the server gave it. */
  async blob(): Promise<Blob> {
    return (await download(this.#client, this.#url)).blob();
  }

  override toString(): string {
    return this.#url;
  }

  toJSON(): string {
    return this.#url;
  }
}

/** Replaces every http(s) or data URL string in `output` with a `FileOutput`; other values stay. */
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
