import { inspect } from "node:util";

function jsonOf(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === "bigint") return String(item);
      if (typeof item === "object" && item !== null) {
        if (seen.has(item)) return "[circular]";
        seen.add(item);
      }
      return item;
    }) ?? ""
  );
}

/**
 * Every place where `secret` shows up in `error`: its message, stack, `toString()`, JSON form and
 * `util.inspect` (hidden properties included), and the same for each `cause` and aggregated error.
 * An empty list means the error can be logged any way a user might log it.
 */
export function secretExposures(error: unknown, secret: string): string[] {
  const places: string[] = [];
  const check = (where: string, render: () => string) => {
    let text: string;
    try {
      text = render();
    } catch (failure) {
      text = `(rendering ${where} threw ${String(failure)})`;
    }
    if (text.includes(secret)) places.push(where);
  };
  const visit = (value: unknown, path: string, depth: number) => {
    if (value === undefined || value === null || depth > 6) return;
    if (typeof value !== "object") {
      check(path, () => String(value));
      return;
    }
    const record = value as { message?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
    check(`${path}.message`, () => String(record.message ?? ""));
    check(`${path}.stack`, () => String(record.stack ?? ""));
    check(`String(${path})`, () => String(value));
    check(`JSON.stringify(${path})`, () => jsonOf(value));
    visit(record.cause, `${path}.cause`, depth + 1);
    if (Array.isArray(record.errors)) {
      record.errors.forEach((item, index) => {
        visit(item, `${path}.errors[${index}]`, depth + 1);
      });
    }
  };
  visit(error, "error", 0);
  check("util.inspect(error)", () =>
    inspect(error, {
      depth: 8,
      showHidden: true,
      maxStringLength: Number.POSITIVE_INFINITY,
      maxArrayLength: Number.POSITIVE_INFINITY,
      breakLength: Number.POSITIVE_INFINITY,
    }),
  );
  return places;
}
