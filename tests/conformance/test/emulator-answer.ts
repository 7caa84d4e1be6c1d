// Checks one answer of the emulator against the document: its status must be one the operation
// lists, and its body must match the schema given for that status and content type.
import { compile, operation } from "./contract.js";

export interface CheckedAnswer {
  status: number;
  contentType: string;
  /** Parsed JSON, text for text/*, or the bytes for anything else. */
  body: unknown;
  /** What the document says is wrong with it; empty when it conforms. */
  errors: string[];
}

function mediaType(contentType: string): string {
  return contentType.split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Reads `response` and checks it against `operationId`'s documented answer for its status. A JSON
 * answer (`application/json` or `application/problem+json`) is validated against the schema of that
 * media type, falling back to the status's JSON schema; a `text/plain` answer must be a string.
 */
export async function checkAnswer(operationId: string, response: Response): Promise<CheckedAnswer> {
  const status = response.status;
  const contentType = response.headers.get("content-type") ?? "";
  const type = mediaType(contentType);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let body: unknown = bytes;
  if (/json$/.test(type)) body = text === "" ? undefined : JSON.parse(text);
  else if (type.startsWith("text/")) body = text;

  const documented = operation(operationId).responses[String(status)];
  if (!documented) {
    return { status, contentType, body, errors: [`the document has no ${status} answer for ${operationId}`] };
  }
  const content = documented.content;
  if (!content) {
    // Where the document gives an error no body, the emulator still explains it in problem+json
    // (a documented addition, docs/api.md); any other body there is a mistake.
    const explained = status >= 400 && type === "application/problem+json";
    const errors =
      bytes.byteLength === 0 || explained ? [] : [`${operationId} ${status} has no body in the document`];
    return { status, contentType, body, errors };
  }
  const media = content[type] ?? (/json$/.test(type) ? content["application/json"] : undefined);
  if (!media) {
    return {
      status,
      contentType,
      body,
      errors: [`${operationId} ${status} is documented as ${Object.keys(content).join(", ")}, not ${type}`],
    };
  }
  if (!media.schema || !/json$/.test(type)) return { status, contentType, body, errors: [] };
  const validate = compile(media.schema);
  const errors = validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  return { status, contentType, body, errors };
}
