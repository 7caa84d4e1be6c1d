import { HttpProblem } from "../http-problem";
import type { RouteContext } from "../router";
import type { ModelRecord } from "../state";

/** The query parameters of `GET /models` that order the list; `next` and `previous` repeat them. */
export const MODEL_LIST_PARAMETERS = ["sort_by", "sort_direction"] as const;

const SORT_FIELDS = ["model_created_at", "latest_version_created_at"] as const;
const DIRECTIONS = ["asc", "desc"] as const;

/** Far past every sequence number: what a rank is offset by to put models without a version last. */
const WITHOUT_VERSION = 2 ** 40;

function choice<T extends string>(
  context: RouteContext,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = context.url.searchParams.get(name);
  if (value === null) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new HttpProblem(
      400,
      `${name} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)}).`,
    );
  }
  return value as T;
}

/**
 * Reads `sort_by` (default `latest_version_created_at`) and `sort_direction` (default `desc`), and
 * answers each model's rank in that order. Creation order is sequence order (every model and version
 * takes the next number when made), so ranks are sequence numbers: a model keeps its place between
 * pages while others are added. Models without a version sort last either way. A bad value is a 400.
 */
export function modelListRank(context: RouteContext): (model: ModelRecord) => number {
  const sortBy = choice(context, "sort_by", SORT_FIELDS, "latest_version_created_at");
  const direction = choice(context, "sort_direction", DIRECTIONS, "desc") === "asc" ? 1 : -1;
  return (model) => {
    if (sortBy === "model_created_at") return direction * model.sequence;
    const latest = model.versions.at(-1);
    return latest ? direction * latest.sequence : WITHOUT_VERSION + model.sequence;
  };
}
