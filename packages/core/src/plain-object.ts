/** An object literal or parsed JSON, as opposed to a class instance such as a `Blob`, a `Date` or a `Map`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
