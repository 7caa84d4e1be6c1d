import { HttpProblem } from "../http-problem";
import type { RouteContext } from "../router";
import type { RunRecord } from "../run-record";

/** The query parameters of `GET /predictions` that narrow the list; `next` and `previous` repeat them. */
export const PREDICTION_LIST_PARAMETERS = ["created_after", "created_before", "source"] as const;

/** An RFC 3339 date-time with its offset (`2025-01-01T00:00:00Z`), as the document's `format: date-time` asks. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function dateParameter(context: RouteContext, name: string): number | null {
  const value = context.url.searchParams.get(name);
  if (value === null) return null;
  const time = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new HttpProblem(
      400,
      `${name} must be an ISO 8601 date-time with a time zone, such as 2025-01-01T00:00:00Z (got ${JSON.stringify(value)}).`,
    );
  }
  return time;
}

/**
 * Reads `created_after` (at or after), `created_before` (strictly before) and `source` (only `web` is
 * accepted, as on the service; every prediction made through this API is `api`, so it finds none).
 * Answers the test a prediction must pass; a malformed value is a 400.
 */
export function predictionListFilter(context: RouteContext): (record: RunRecord) => boolean {
  const after = dateParameter(context, "created_after");
  const before = dateParameter(context, "created_before");
  const source = context.url.searchParams.get("source");
  if (source !== null && source !== "web") {
    throw new HttpProblem(400, `source can only be "web" (got ${JSON.stringify(source)}).`);
  }
  return (record) => {
    const created = record.createdAt.getTime();
    if (after !== null && created < after) return false;
    if (before !== null && created >= before) return false;
    return source === null;
  };
}
