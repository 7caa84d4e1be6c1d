import type { InvalidField } from "./http-problem";

/** The part of JSON Schema (as Cog writes it into `openapi_schema`) that the built-in models use. */
export interface JsonSchema {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  "x-order"?: number;
  /** Any other JSON Schema keyword is kept in `openapi_schema` as it is. */
  [keyword: string]: unknown;
}

export interface ValidationResult {
  /** The input with each schema default filled in: what the model runs with. */
  value: Record<string, unknown>;
  invalidFields: InvalidField[];
}

/**
 * Checks a prediction's `input` against the version's `Input` schema. Unknown inputs are kept and
 * ignored, as Cog does; missing required ones and mistyped ones are reported by field path.
 */
export function validateInput(schema: JsonSchema, input: unknown): ValidationResult {
  const invalidFields: InvalidField[] = [];
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { value: {}, invalidFields: [{ field: "input", message: "expected an object" }] };
  }
  const given = input as Record<string, unknown>;
  const value: Record<string, unknown> = { ...given };
  for (const name of schema.required ?? []) {
    if (given[name] === undefined || given[name] === null) {
      invalidFields.push({ field: `input.${name}`, message: "is required" });
    }
  }
  for (const [name, propertySchema] of Object.entries(schema.properties ?? {})) {
    const propertyValue = given[name];
    if (propertyValue === undefined || propertyValue === null) {
      if (propertySchema.default !== undefined) value[name] = propertySchema.default;
      continue;
    }
    checkValue(propertySchema, propertyValue, `input.${name}`, invalidFields);
  }
  return { value, invalidFields };
}

function checkValue(schema: JsonSchema, value: unknown, field: string, invalidFields: InvalidField[]): void {
  const typeProblem = describeTypeMismatch(schema, value);
  if (typeProblem) {
    invalidFields.push({ field, message: typeProblem });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    invalidFields.push({
      field,
      message: `expected one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}`,
    });
    return;
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) {
      invalidFields.push({ field, message: `must be at least ${schema.minimum}` });
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      invalidFields.push({ field, message: `must be at most ${schema.maximum}` });
    }
  }
  if (typeof value === "string") {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      invalidFields.push({ field, message: `must be at most ${schema.maxLength} characters` });
    } else if (schema.format === "uri" && !isUri(value)) {
      invalidFields.push({ field, message: "expected an http(s) URL or a data: URI" });
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => {
      if (schema.items) checkValue(schema.items, item, `${field}[${index}]`, invalidFields);
    });
  }
}

function describeTypeMismatch(schema: JsonSchema, value: unknown): string | null {
  switch (schema.type) {
    case "string":
      return typeof value === "string" ? null : "expected a string";
    case "integer":
      return Number.isInteger(value) ? null : "expected an integer";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "expected a number";
    case "boolean":
      return typeof value === "boolean" ? null : "expected a boolean";
    case "array":
      return Array.isArray(value) ? null : "expected an array";
    case "object":
      return typeof value === "object" && !Array.isArray(value) ? null : "expected an object";
    default:
      return null;
  }
}

function isUri(value: string): boolean {
  if (value.startsWith("data:")) return true;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
