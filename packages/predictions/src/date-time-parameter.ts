import { invalidArgument } from "@dashscope/core";

// RFC 3339: a date, a time with optional fraction, and an offset.
const RFC_3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/**
 * A date-time query parameter as the API reads it (RFC 3339): a valid `Date` becomes its ISO string, an
 * RFC 3339 string goes as it is. Anything else is refused, naming `argument`, rather than sent for the
 * server to ignore or misread. Nothing when `value` is undefined.
 */
export function dateTimeParameter(value: unknown, argument: string): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === "string" && RFC_3339.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw invalidArgument(
    argument,
    'a valid Date or an RFC 3339 date-time string ("2025-01-01T00:00:00Z")',
    value,
  );
}
