import type { EmulatorContext } from "./emulator-context";
import type { RequestCategory } from "./faults";
import { parseJsonBody, readBody } from "./request-body";

export interface RouteContext {
  readonly request: Request;
  readonly url: URL;
  /** `scheme://host[:port]` of the request itself, so every URL in an answer points back at it. */
  readonly origin: string;
  /** The path relative to `/v1`, as it came (not decoded). */
  readonly path: string;
  /** Path parameters, decoded. */
  readonly params: Record<string, string>;
  readonly emulator: EmulatorContext;
  /** For the "sse-drop" fault: how many events a stream may write before it drops. */
  readonly dropAfterEvents: number | null;
  /** The raw body, read once, within the size limit. */
  body(): Promise<Uint8Array>;
  /** The body parsed as JSON (`undefined` when empty). */
  json(): Promise<unknown>;
}

export interface Route {
  method: string;
  /** Relative to `/v1`, with `{name}` for a path parameter: `/predictions/{id}`. */
  pattern: string;
  /** Which faults may hit it, and whether it needs a token ("api" does; capability URLs do not). */
  category: RequestCategory;
  handle(context: RouteContext): Promise<Response> | Response;
}

export function route(
  method: string,
  pattern: string,
  handle: Route["handle"],
  category: RequestCategory = "api",
): Route {
  return { method, pattern, category, handle };
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong-method"; allowedMethods: string[]; category: RequestCategory; pattern: string }
  | { kind: "none" };

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const patternSegments = pattern.split("/").filter(Boolean);
  const pathSegments = path.split("/").filter(Boolean);
  if (patternSegments.length !== pathSegments.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < patternSegments.length; index++) {
    const expected = patternSegments[index] ?? "";
    const actual = pathSegments[index] ?? "";
    if (expected.startsWith("{") && expected.endsWith("}")) {
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowedMethods: string[] = [];
  let sameShape: Route | undefined;
  for (const candidate of routes) {
    const params = matchPattern(candidate.pattern, path);
    if (params === null) continue;
    if (candidate.method === method) return { kind: "found", route: candidate, params };
    allowedMethods.push(candidate.method);
    sameShape ??= candidate;
  }
  if (sameShape)
    return { kind: "wrong-method", allowedMethods, category: sameShape.category, pattern: sameShape.pattern };
  return { kind: "none" };
}

export function createRouteContext(
  request: Request,
  path: string,
  params: Record<string, string>,
  emulator: EmulatorContext,
  dropAfterEvents: number | null,
): RouteContext {
  const url = new URL(request.url);
  let body: Promise<Uint8Array> | undefined;
  const readOnce = () => {
    body ??= readBody(request, emulator.settings.maxBodyBytes);
    return body;
  };
  return {
    request,
    url,
    origin: url.origin,
    path,
    params,
    emulator,
    dropAfterEvents,
    body: readOnce,
    json: async () => parseJsonBody(await readOnce(), emulator.settings.maxJsonDepth),
  };
}
