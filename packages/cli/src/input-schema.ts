/** The part of JSON Schema (as Cog writes it into a version's `openapi_schema`) the CLI reads. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  nullable?: boolean;
  $ref?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  "x-order"?: number;
}

// A reference chain longer than this is a loop in a malformed document.
const MAX_REFERENCE_DEPTH = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `schema` with its `$ref`s followed and a single-member `allOf` merged in: Cog writes enum inputs as
 * `{ allOf: [{ $ref: "#/components/schemas/scheduler" }], default: … }`.
 */
export function resolveSchema(schema: JsonSchema | undefined, document: unknown, depth = 0): JsonSchema {
  if (!schema || depth > MAX_REFERENCE_DEPTH) return {};
  const { $ref, allOf, ...rest } = schema;
  let resolved: JsonSchema = rest;
  if (typeof $ref === "string" && $ref.startsWith("#/")) {
    let target: unknown = document;
    // Own keys only: `#/__proto__` names nothing in the document.
    for (const part of $ref.slice(2).split("/")) {
      target = isObject(target) && Object.hasOwn(target, part) ? target[part] : undefined;
    }
    resolved = { ...resolveSchema(target as JsonSchema | undefined, document, depth + 1), ...rest };
  }
  if (Array.isArray(allOf)) {
    for (const member of allOf) resolved = { ...resolveSchema(member, document, depth + 1), ...resolved };
  }
  return resolved;
}

/** The type a value of `schema` takes, ignoring `null` in a type list or a nullable union. */
export function schemaType(schema: JsonSchema, document: unknown): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== "null");
  if (schema.type) return schema.type;
  for (const member of schema.anyOf ?? schema.oneOf ?? []) {
    const type = schemaType(resolveSchema(member, document), document);
    if (type && type !== "null") return type;
  }
  return undefined;
}

/**
 * The named object schema (`Input`, or `TrainingInput` for trainings) of a version's `openapi_schema`,
 * resolved, or undefined when the version does not describe its inputs.
 */
export function findInputSchema(
  openapiSchema: unknown,
  name: "Input" | "TrainingInput",
): JsonSchema | undefined {
  const schemas =
    isObject(openapiSchema) && isObject(openapiSchema.components)
      ? openapiSchema.components.schemas
      : undefined;
  if (!isObject(schemas) || !isObject(schemas[name])) return undefined;
  return resolveSchema(schemas[name] as JsonSchema, openapiSchema);
}
