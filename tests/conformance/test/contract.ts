// The service's published document (spec/openapi.json), read once, with a validator for its schemas.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Schema = Record<string, unknown>;

interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

/** One operation of the document: `GET /predictions` is `predictions.list`. */
export interface Operation {
  id: string;
  method: string;
  path: string;
  /** Query and header parameters, `$ref`s resolved. Path parameters are in `path`. */
  parameters: ParameterObject[];
  requestBody?: { content: Record<string, { schema?: Schema }>; required?: boolean };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export const document = JSON.parse(
  readFileSync(new URL("../../../spec/openapi.json", import.meta.url), "utf8"),
) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, ParameterObject> };
};

function resolveParameter(parameter: ParameterObject | { $ref: string }): ParameterObject {
  if ("$ref" in parameter) {
    const name = parameter.$ref.split("/").at(-1) as string;
    return document.components.parameters[name] as ParameterObject;
  }
  return parameter;
}

export const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => method !== "parameters")
    .map(([method, raw]) => {
      const operation = raw as { operationId: string; parameters?: ParameterObject[] } & Omit<
        Operation,
        "id" | "method" | "path" | "parameters"
      >;
      return {
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map(resolveParameter).filter((p) => p.in !== "path"),
        requestBody: operation.requestBody,
        responses: operation.responses,
      };
    }),
);

export function operation(id: string): Operation {
  const found = operations.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`the document has no operation ${id}`);
  return found;
}

/**
 * The service sends `null` for these fields of a prediction or training before a value exists (its own
 * recorded answers show it), though the document's schemas leave `null` out. Allowed for exactly these.
 */
export const nullableBeforeSet = ["started_at", "completed_at", "output", "logs", "error", "metrics"];

function withNullsTheServiceSends(schemas: Record<string, Schema>): Record<string, Schema> {
  const copy = structuredClone(schemas);
  for (const name of ["schemas_prediction_response", "schemas_training_response"]) {
    const properties = (copy[name] as { properties: Record<string, Schema> }).properties;
    for (const field of nullableBeforeSet) {
      const original = properties[field];
      if (original) properties[field] = { anyOf: [original, { type: "null" }] };
    }
  }
  return copy;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  $id: "contract",
  components: { schemas: withNullsTheServiceSends(document.components.schemas) },
});

export function compile(schema: Schema) {
  // Component references point into the document: rebase them onto the schema registered above.
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"contract#/components/'));
  return ajv.compile(rebased);
}

/** The errors of `body` against the schema the document gives for `status` of `operationId`, or []. */
export function answerErrors(operationId: string, status: number, body: unknown): string[] {
  const responses = operation(operationId).responses;
  const response = responses[String(status)];
  if (!response) return [`the document has no ${status} answer for ${operationId}`];
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return [];
  const validate = compile(schema);
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** The errors of a request body against the document's request schema for `operationId`, or []. */
export function requestBodyErrors(operationId: string, contentType: string, body: unknown): string[] {
  const requestBody = operation(operationId).requestBody;
  if (!requestBody) return [`${operationId} takes no body`];
  const media = requestBody.content[contentType];
  if (!media) return [`${operationId} takes no ${contentType} body`];
  if (!media.schema) return [];
  const validate = compile(media.schema);
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
