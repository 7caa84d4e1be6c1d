const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, QUERY, OPTIONS";
const ALLOWED_HEADERS =
  "authorization, content-type, idempotency-key, prefer, last-event-id, user-agent, x-request-id, x-stainless-retry-count";
const EXPOSED_HEADERS = "x-request-id, preference-applied, retry-after, retry-after-ms, content-length, etag";

/**
 * Lets a page served from another loopback port (or an allowed origin) call the emulator: only
 * requests whose Origin passed the access policy get here. The Origin is echoed, without
 * credentials: the API authenticates by bearer token, never by cookie.
 */
export function applyCorsHeaders(request: Request, headers: Headers): void {
  const origin = request.headers.get("origin");
  headers.set("access-control-allow-origin", origin ?? "*");
  if (origin) headers.append("vary", "Origin");
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
}

/** The answer to a CORS preflight; any `x-*` header a page asks for is allowed by echoing the request. */
export function preflightResponse(request: Request): Response {
  const headers = new Headers();
  applyCorsHeaders(request, headers);
  headers.set("access-control-allow-methods", ALLOWED_METHODS);
  const requested = request.headers.get("access-control-request-headers");
  headers.set(
    "access-control-allow-headers",
    requested ? `${ALLOWED_HEADERS}, ${requested}` : ALLOWED_HEADERS,
  );
  headers.set("access-control-max-age", "600");
  return new Response(null, { status: 204, headers });
}
