import { type ApiError, apiErrorClassFor } from "./errors/api-error";
import { redact } from "./redact";

// A problem+json body is a few hundred bytes; a proxy's error page can be megabytes, and the error
// keeps what it read as `body`, which a logger may serialise whole.
const MAX_BODY_LENGTH = 65_536; // 64 KiB: a literal, so that bundles without this module drop it

/**
 * Builds the error for a non-2xx answer. Problem+json bodies give `title` and `detail`; an HTML page
 * from a proxy, plain text or an empty body still give a clear message. `token`, the one that was
 * sent, is blanked out of the body: a debugging proxy may echo the request's headers back.
 */
export async function apiErrorFromResponse(
  response: Response,
  method: string,
  url: string,
  retryAfter?: number,
  token?: string,
): Promise<ApiError> {
  const { status, headers } = response;
  // The start of the body; the rest is cancelled unread. Without a body, or when the connection goes
  // while it comes, what arrived is still worth showing.
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    // Blanked out before the cut, which could otherwise leave part of a token behind: read past the
    // cut by as much as the longest encoded token (6 characters each, as JSON's \uXXXX). Where the
    // connection goes in the middle of a token, redact takes the start of it left at the end.
    while (reader !== undefined && text.length < MAX_BODY_LENGTH + 6 * (token?.length ?? 0)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {}
  reader?.cancel().catch(() => {});
  text = redact(text, token).slice(0, MAX_BODY_LENGTH);
  let body: unknown = text || null;
  let title = redact(response.statusText, token) || "Error";
  let detail: string | undefined;
  try {
    body = JSON.parse(text);
  } catch {}
  if (body && typeof body === "object") {
    const problem = body as { title?: unknown; detail?: unknown };
    if (typeof problem.title === "string") title = problem.title;
    if (typeof problem.detail === "string") detail = problem.detail;
  } else {
    // An HTML page (a proxy's), with its title where it has one.
    const page = /^\s*<(?:!doctype|html)[\s\S]*?(?:<title[^>]*>([^<]*)|$)/i.exec(text);
    detail = page
      ? `an HTML page${page[1]?.trim() ? ` titled "${page[1].trim()}"` : ""}`
      : text.slice(0, 500) || "an empty body";
  }
  const requestId = headers.get("x-request-id");
  return new (apiErrorClassFor(status))({
    status,
    title,
    detail,
    requestId: requestId ? redact(requestId, token) : undefined,
    body,
    method,
    url,
    response,
    retryAfter,
  });
}
