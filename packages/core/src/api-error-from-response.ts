import { type ApiError, apiErrorClassFor } from "./errors/api-error";

const MAX_DETAIL_LENGTH = 500;

/**
 * Builds the error for a non-2xx answer. Problem+json bodies give `title` and `detail`; an HTML page
 * from a proxy, plain text or an empty body still give a clear message.
 */
export async function apiErrorFromResponse(
  response: Response,
  method: string,
  url: string,
  retryAfter?: number,
): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  let body: unknown = text || null;
  let title = response.statusText || "Error";
  let detail: string | undefined;
  try {
    body = JSON.parse(text);
  } catch {}
  if (body && typeof body === "object") {
    const problem = body as { title?: unknown; detail?: unknown };
    if (typeof problem.title === "string") title = problem.title;
    detail = typeof problem.detail === "string" ? problem.detail : undefined;
  } else if (/^\s*<(!doctype|html)/i.test(text)) {
    const pageTitle = /<title[^>]*>([^<]*)</i.exec(text)?.[1]?.trim();
    detail = `the server answered with an HTML page${pageTitle ? ` titled "${pageTitle}"` : ""}`;
  } else {
    detail = text ? text.slice(0, MAX_DETAIL_LENGTH) : "the answer had an empty body";
  }
  const ErrorClass = apiErrorClassFor(response.status);
  return new ErrorClass({
    status: response.status,
    title,
    detail,
    requestId: response.headers.get("x-request-id") ?? undefined,
    body,
    method,
    url,
    response,
    retryAfter,
  });
}
