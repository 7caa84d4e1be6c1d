import { HttpProblem } from "./http-problem";
import { checkJsonNesting } from "./json-nesting";

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, `The request body is larger than this server accepts (${maxBytes} bytes).`);
}

/**
 * Reads a request body, stopping as soon as it passes `maxBytes` so an oversized upload is refused
 * without being held in memory.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declaredLength = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Parses a JSON body; an empty body is `undefined`, malformed or too deeply nested JSON a 400. */
export function parseJsonBody(body: Uint8Array, maxDepth: number): unknown {
  const text = new TextDecoder().decode(body);
  if (text.trim() === "") return undefined;
  checkJsonNesting(text, maxDepth);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The body as the JSON object every create and update expects, or a 422 that says so. */
export function expectObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpProblem(422, "The request body must be a JSON object.", {
      invalidFields: [{ field: "body", message: "expected a JSON object" }],
    });
  }
  return value as Record<string, unknown>;
}
