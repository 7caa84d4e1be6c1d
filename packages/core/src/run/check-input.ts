import { InvalidArgumentError } from "../errors/invalid-argument-error";
import { isPlainObject } from "../plain-object";

/**
 * Refuses, before anything is encoded or sent, what JSON would mangle or choke on: a circular
 * structure (a RangeError deep in JSON.stringify), a BigInt (a TypeError), a `Map`, `Set` or `Date`
 * (sent as `{}` or a string the model may not read), `NaN` and `Infinity` (sent as `null`, so the
 * model quietly takes its default). The error names the field: `input.items[2].when`. A file input
 * (`Blob`, `File`, `ArrayBuffer`, typed array) is refused too unless `files` (the client has a
 * `fileEncodingStrategy`), since JSON would send it as `{}`. Answers the file inputs' total size in bytes.
 */
export function checkInput(input: unknown, files: boolean): number {
  let total = 0;
  const ancestors: object[] = [];
  const visit = (value: unknown, path: string): void => {
    const refuse = (what: unknown) => {
      throw new InvalidArgumentError(path, `expected JSON data, got ${what}`);
    };
    if (typeof value === "bigint") refuse("a BigInt");
    if (typeof value === "number" && !Number.isFinite(value)) refuse(value);
    if (typeof value !== "object" || value === null) return;
    const blob = typeof Blob !== "undefined" && value instanceof Blob;
    if (blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      if (!files) refuse("a file, and the client has no fileEncodingStrategy");
      total += blob ? value.size : (value as ArrayBuffer).byteLength;
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
  return total;
}
