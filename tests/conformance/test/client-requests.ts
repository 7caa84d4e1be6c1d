// What the client sends, recorded at its `fetch` (the requests still go over HTTP to an emulator), and
// checked against the operation of the document it is meant for.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type Operation, operations, requestBodyErrors } from "./contract.js";

/** One request as the client handed it to `fetch`. */
export interface SentRequest {
  method: string;
  /** The path under the API's base URL: `/models/alice/hot-dog`. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The content type the body went with, and the body read back: JSON parsed, text as text, a form as fields. */
  contentType: string | null;
  body: unknown;
}

async function readBody(body: unknown, headers: Headers): Promise<unknown> {
  if (body == null) return undefined;
  if (body instanceof FormData) {
    // As the document describes a multipart body: a binary part as a string, a JSON part (metadata) parsed.
    const fields: Record<string, unknown> = {};
    for (const [name, value] of body) {
      fields[name] = typeof value === "string" ? JSON.parse(value) : `<${value.size} bytes>`;
    }
    return fields;
  }
  const text = typeof body === "string" ? body : await new Response(body as BodyInit).text();
  return /json/i.test(headers.get("content-type") ?? "") ? JSON.parse(text) : text;
}

/** A `fetch` that records each request into `sent` before passing it on to the real one. */
export function recordingFetch(apiBase: string, sent: SentRequest[]): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init.headers);
    const contentType = init.body instanceof FormData ? "multipart/form-data" : headers.get("content-type");
    sent.push({
      method: (init.method ?? "GET").toUpperCase(),
      path: url.pathname.slice(new URL(apiBase).pathname.length) || "/",
      query: url.searchParams,
      headers,
      contentType: contentType?.split(";")[0]?.trim() ?? null,
      body: await readBody(init.body, headers),
    });
    return fetch(input, init);
  };
}

/** The operations whose method and path template `request` matches (one, for a request the document knows). */
export function operationsOf(request: Pick<SentRequest, "method" | "path">): Operation[] {
  return operations.filter((operation) => {
    const pattern = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return operation.method === request.method && pattern.test(request.path);
  });
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** A parameter's text as its schema's type reads it: integers and numbers from their digits. */
function typed(text: string, schema: Record<string, unknown> | undefined): unknown {
  return schema?.type === "integer" || schema?.type === "number" ? Number(text) : text;
}

function schemaErrors(schema: Record<string, unknown> | undefined, value: unknown): string[] {
  if (!schema) return [];
  const validate = ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`.trim());
}

/**
 * Everything about `request` that the document's `operation` does not allow: a query parameter it does
 * not have or a value its schema refuses, a required query parameter missing, a header parameter's value
 * its schema refuses, a body it does not take or that its request schema refuses. Headers the document does
 * not list (`Authorization`, `Idempotency-Key`, …) are not its to judge; docs/api.md lists the additions.
 */
export function requestErrors(operation: Operation, request: SentRequest): string[] {
  const errors: string[] = [];
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === "query");
  for (const [name, value] of request.query) {
    const parameter = queryParameters.find((candidate) => candidate.name === name);
    if (!parameter) errors.push(`query parameter ${name} is not one of ${operation.id}'s`);
    else {
      for (const error of schemaErrors(parameter.schema, typed(value, parameter.schema))) {
        errors.push(`query ${name}=${value}: ${error}`);
      }
    }
  }
  for (const parameter of queryParameters) {
    if (parameter.required && !request.query.has(parameter.name)) {
      errors.push(`required query parameter ${parameter.name} is missing`);
    }
  }
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === "header")) {
    const value = request.headers.get(parameter.name);
    if (value === null) continue;
    for (const error of schemaErrors(parameter.schema, value))
      errors.push(`header ${parameter.name}: ${value} ${error}`);
  }
  if (request.body === undefined) {
    if (operation.requestBody?.required) errors.push(`${operation.id} requires a body`);
  } else if (!operation.requestBody) {
    errors.push(`${operation.id} takes no body, and one was sent`);
  } else {
    errors.push(...requestBodyErrors(operation.id, request.contentType ?? "", request.body));
  }
  return errors;
}

/** `in:name` of every query and header parameter of `operation` that `request` carries. */
export function parametersSent(operation: Operation, request: SentRequest): string[] {
  return operation.parameters
    .filter((parameter) =>
      parameter.in === "query" ? request.query.has(parameter.name) : request.headers.has(parameter.name),
    )
    .map((parameter) => `${parameter.in}:${parameter.name}`);
}
