import { throwIfAborted } from "../abortable";
import type { Client } from "../client";
import { InvalidArgumentError } from "../errors/invalid-argument-error";
import { isPlainObject } from "../plain-object";
import { toBlob } from "./file-input";

/** How an error names a value inside `path`: `input.prompt`, `input.images[0]`, `input["a-b"]`. */
function childPath(path: string, key: string, inArray: boolean): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}.${key}`;
  if (inArray) return `${path}[${key}]`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Returns `input` with every `Blob`, `File`, `ArrayBuffer`, typed array or Node `Buffer` replaced by
 * the string the client's `fileEncodingStrategy` makes of it (in a copy; the input is left as it was).
 *
 * One walk checks and collects, before anything is encoded or sent. It refuses what JSON would mangle
 * or choke on: a circular structure (a RangeError deep in JSON.stringify), a BigInt (a TypeError), a
 * `Map`, `Set` or `Date` (sent as `{}` or a string the model may not read), `NaN` and `Infinity` (sent
 * as `null`, so the model quietly takes its default), and a file input when the client has no
 * `fileEncodingStrategy` (JSON would send it as `{}`). The error names the field: `input.items[2].when`.
 * The strategy is told the total size of the request's files, so that it can refuse too many at once.
 */
export async function encodeFileInputs<T>(
  client: Client,
  input: T,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const strategy = client.fileEncodingStrategy;
  // Each encodes one file once the walk is over, when the total is known.
  const files: (() => Promise<void>)[] = [];
  let total = 0;
  const visit = (
    holder: Record<string, unknown>,
    key: string,
    path: string,
    ancestors: unknown[],
    // Inside a class instance, which is the caller's and never copied: nothing can be replaced there.
    inInstance = false,
  ): void => {
    const value = holder[key];
    const refuse = (what: unknown) => {
      throw new InvalidArgumentError(path, `expected JSON data, got ${what}`);
    };
    if (typeof value === "bigint") refuse("a BigInt");
    if (typeof value === "number" && !Number.isFinite(value)) refuse(value);
    const file = toBlob(value);
    if (file) {
      if (!strategy) refuse("a file, and the client has no fileEncodingStrategy");
      if (inInstance)
        refuse("a file inside a class instance (JSON would send {}); pass it in a plain object");
      total += file.size;
      files.push(async () => {
        holder[key] = await strategy?.(client, file, { signal, total });
      });
      return;
    }
    for (const type of [Date, Map, Set]) if (value instanceof type) refuse(`a ${type.name}`);
    const array = Array.isArray(value);
    const plain = array || isPlainObject(value);
    // A value with a toJSON of its own (a URL, say) goes as it is. Any other class instance goes as
    // JSON sends it, its own fields, which are checked like any others (a cycle through one included).
    if (
      !plain &&
      (typeof value !== "object" ||
        value === null ||
        typeof (value as { toJSON?: unknown }).toJSON === "function")
    )
      return;
    if (ancestors.includes(value)) refuse("a circular reference");
    // With a strategy, files are replaced in a copy; without one there is none to replace.
    let copy = value as object;
    if (strategy && plain) holder[key] = copy = array ? [...value] : { ...value };
    for (const name of Object.keys(copy)) {
      visit(
        copy as Record<string, unknown>,
        name,
        childPath(path, name, array),
        [...ancestors, value],
        inInstance || !plain,
      );
    }
  };
  const root = { input } as Record<string, unknown>;
  visit(root, "input", "input", []);
  // Most inputs hold no file: no promise to wait for then.
  if (files.length) await Promise.all(files.map((encode) => encode()));
  // A strategy of the caller's may not watch the signal: an abort while it ran still sends nothing.
  throwIfAborted(signal);
  return root.input as T;
}
