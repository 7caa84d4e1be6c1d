import { InvalidArgumentError } from "./errors/invalid-argument-error";
import { isPlainObject } from "./plain-object";

/** Data URIs travel inside the request body; past this total, upload the files instead. */
export const MAX_DATA_URI_BYTES = 10_485_760;

/** A file input's size in bytes, or `undefined` for anything that is not one. */
function fileSize(value: object): number | undefined {
  if (typeof Blob !== "undefined" && value instanceof Blob) return value.size;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
  return undefined;
}

/**
 * Refuses, before anything is encoded or sent, what JSON would mangle or choke on: a circular
 * structure (a RangeError deep in JSON.stringify), a BigInt (a TypeError), a `Map`, `Set` or `Date`
 * (sent as `{}` or a string the model may not read), `NaN` and `Infinity` (sent as `null`, so the
 * model quietly takes its default). The error names the field: `input.items[2].when`. With
 * `dataUris`, file inputs that add up to more than `MAX_DATA_URI_BYTES` are refused too, by their
 * size alone.
 */
export function checkInput(input: unknown, dataUris: boolean): void {
  let total = 0;
  const ancestors: object[] = [];
  const visit = (value: unknown, path: string): void => {
    const refuse = (what: unknown) => {
      throw new InvalidArgumentError(path, `expected JSON data, got ${what}`);
    };
    if (typeof value === "bigint") refuse("a BigInt");
    if (typeof value === "number" && !Number.isFinite(value)) refuse(value);
    if (typeof value !== "object" || value === null) return;
    const size = fileSize(value);
    if (size !== undefined) {
      total += size;
      if (dataUris && total > MAX_DATA_URI_BYTES) {
        throw new InvalidArgumentError(
          "input",
          `file inputs add up to more than ${MAX_DATA_URI_BYTES / 1024 / 1024} MB, the limit for data URIs; upload them instead (fileEncodingStrategy "upload" or uploadFileInput) or pass URLs`,
        );
      }
      return;
    }
    for (const type of [Date, Map, Set]) if (value instanceof type) refuse(`a ${type.name}`);
    if (ancestors.includes(value)) refuse("a circular reference");
    // Other objects (a class instance with toJSON, say) go as they are, like their contents.
    if (!Array.isArray(value) && !isPlainObject(value)) return;
    ancestors.push(value);
    for (const [key, item] of Object.entries(value)) {
      visit(
        item,
        Array.isArray(value)
          ? `${path}[${key}]`
          : /^[a-z_$][\w$]*$/i.test(key)
            ? `${path}.${key}`
            : `${path}[${JSON.stringify(key)}]`,
      );
    }
    ancestors.pop();
  };
  visit(input, "input");
}
