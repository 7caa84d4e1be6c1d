import { DashscopeError, named } from "./dashscope-error";

/** A bad option or argument, caught before anything is sent. `argument` names it. */
export class InvalidArgumentError extends /* @__PURE__ */ named("InvalidArgumentError", DashscopeError) {
  declare readonly argument: string;

  constructor(argument: string, message: string) {
    super(`Invalid ${argument}: ${message}`);
    this.argument = argument;
  }
}

const LONGEST_SHOWN_VALUE = 80;

/** A bad value as a message shows it: numbers as written (`NaN`, `Infinity`), anything else as JSON. */
function describeValue(value: unknown): string {
  let shown: string | undefined;
  try {
    shown = typeof value === "number" ? String(value) : JSON.stringify(value);
  } catch {}
  // undefined, functions, symbols, bigints and circular objects have no JSON: their type says enough.
  shown ??= typeof value;
  return shown.length > LONGEST_SHOWN_VALUE ? `${shown.slice(0, LONGEST_SHOWN_VALUE)}…` : shown;
}

/**
 * The error for a value that is not what `argument` takes, worded like every other one:
 * `Invalid wait: expected true or a whole number of seconds from 1 to 60, got 0`. Without `value`
 * (not even `undefined`), the message leaves it out: for values that may be secrets.
 */
export function invalidArgument(
  argument: string,
  expected: string,
  ...value: [unknown?]
): InvalidArgumentError {
  return new InvalidArgumentError(
    argument,
    `expected ${expected}${value.length ? `, got ${describeValue(value[0])}` : ""}`,
  );
}
