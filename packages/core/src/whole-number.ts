import { invalidArgument } from "./errors/invalid-argument-error";

/** `value`, once it is known to be a whole number of at least `minimum`. */
export function checkWholeNumber(value: unknown, argument: string, minimum = 0): number {
  if (!Number.isInteger(value) || (value as number) < minimum) {
    throw invalidArgument(argument, `a whole number ≥ ${minimum}`, value);
  }
  return value as number;
}
