import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { InvalidField } from "./http-problem";

/** JSON Schema as Cog writes it into `openapi_schema`; the keywords the emulator itself reads are named. */
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
  /** Every other JSON Schema keyword (`allOf`, `$ref`, `pattern`, …) is kept as it is, and checked. */
  [keyword: string]: unknown;
}

/** An input schema and the component schemas its `$ref: "#/components/schemas/<name>"` point at. */
export interface InputSchemas {
  input: JsonSchema;
  /** `components.schemas` of the version besides `Input` (Cog puts each enum there). */
  schemas?: Readonly<Record<string, JsonSchema>> | undefined;
}

export interface ValidationResult {
  /** A copy of the input with each schema default filled in: what the model runs with. */
  value: Record<string, unknown>;
  invalidFields: InvalidField[];
}

/** File inputs: Cog's `format: uri` takes a URL the model can download, or the file itself inline. */
function isFileUri(value: string): boolean {
  if (value.startsWith("data:")) return true;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

// One validator for every emulator: `strict: false` because Cog's schemas carry keywords JSON Schema
// does not know (`x-order`, `x-cog-array-type`, OpenAPI's `nullable`); `useDefaults` fills each
// missing input from its `default`, writing a new copy of the default value on every call.
const ajv = new Ajv2020({ strict: false, allErrors: true, useDefaults: true });
addFormats(ajv);
ajv.addFormat("uri", isFileUri);

/** Compiled once per input schema (a model's version, its trained versions and every reset share it). */
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * The validator of an input schema, validating against the version's whole `components.schemas`.
 * Throws ajv's error for a schema it cannot compile (`defineModel` turns it into a `TypeError`).
 */
export function inputValidator({ input, schemas }: InputSchemas): ValidateFunction {
  let validate = compiled.get(input);
  if (!validate) {
    validate = ajv.compile({
      $ref: "#/components/schemas/Input",
      components: { schemas: { ...schemas, Input: input } },
    });
    compiled.set(input, validate);
  }
  return validate;
}

/**
 * Checks a prediction's (or training's) `input` against the version's input schema. Unknown inputs
 * are kept and ignored, as Cog does (unless the schema says `additionalProperties: false`); an input
 * sent as `null` counts as not sent. The input is copied first: neither the caller's object nor a
 * schema's default is ever shared with a model, which may change what it is given.
 */
export function validateInput(schemas: InputSchemas, input: unknown): ValidationResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { value: {}, invalidFields: [{ field: "input", message: "expected an object" }] };
  }
  const value = structuredClone(input) as Record<string, unknown>;
  const sentAsNull = Object.keys(value).filter((name) => value[name] === null);
  for (const name of sentAsNull) delete value[name];
  const sent = new Set(Object.keys(value));
  const validate = inputValidator(schemas);
  validate(value);
  for (const name of sentAsNull) if (!(name in value)) value[name] = null;
  // ajv checks the defaults it fills in; Cog does not (pydantic writes `default: null` for an input
  // declared `= Input(default=None)`, and the model gets None), so only what was sent can be wrong.
  const errors = (validate.errors ?? []).filter((error) => {
    const name = topLevelName(error.instancePath);
    return name === null || sent.has(name);
  });
  return { value, invalidFields: describeErrors(errors) };
}

/** `/tags/0/name` → `tags`; null for the input itself (`""`, where a missing required input is reported). */
function topLevelName(instancePath: string): string | null {
  if (instancePath === "") return null;
  const segment = instancePath.split("/")[1] ?? "";
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Enough for any reader; a huge array of bad items must not make a huge answer. */
const MAX_INVALID_FIELDS = 100;

/** `/tags/0/name` → `input.tags[0].name`; a missing or extra property is named in its params. */
function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty !== undefined) {
    segments.push(params.missingProperty);
  }
  if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined) {
    segments.push(params.additionalProperty);
  }
  return segments.reduce(
    (field, segment) => (/^\d+$/.test(segment) ? `${field}[${segment}]` : `${field}.${segment}`),
    "input",
  );
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
  null: "null",
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The message of one error, in the words the emulator has always used for the common keywords. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const limit = params.limit as number;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a field this schema takes";
    case "type":
      return `expected ${[params.type]
        .flat()
        .map((type) => TYPE_NAMES[String(type)] ?? String(type))
        .join(" or ")}`;
    case "enum":
      return `expected one of ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(", ")}`;
    case "const":
      return `expected ${JSON.stringify(params.allowedValue)}`;
    case "minimum":
      return `must be at least ${limit}`;
    case "maximum":
      return `must be at most ${limit}`;
    case "exclusiveMinimum":
      return `must be greater than ${limit}`;
    case "exclusiveMaximum":
      return `must be less than ${limit}`;
    case "multipleOf":
      return `must be a multiple of ${params.multipleOf}`;
    case "minLength":
      return `must be at least ${plural(limit, "character")}`;
    case "maxLength":
      return `must be at most ${plural(limit, "character")}`;
    case "pattern":
      return `must match the pattern ${params.pattern}`;
    case "format":
      return params.format === "uri"
        ? "expected an http(s) URL or a data: URI"
        : `expected a valid ${params.format}`;
    case "minItems":
      return `must have at least ${plural(limit, "item")}`;
    case "maxItems":
      return `must have at most ${plural(limit, "item")}`;
    case "uniqueItems":
      return "must not repeat an item";
    case "anyOf":
      return "matches none of the forms this field takes";
    case "oneOf":
      return params.passingSchemas === null
        ? "matches none of the forms this field takes"
        : "matches more than one of the forms this field takes, where exactly one must match";
    default:
      return error.message ?? "is not valid";
  }
}

/** `/tags/0` → `""`, `/tags`, `/tags/0`: the instance path and every path above it. */
function pathAndAncestors(instancePath: string): string[] {
  const paths = [""];
  for (let slash = instancePath.indexOf("/", 1); slash !== -1; slash = instancePath.indexOf("/", slash + 1)) {
    paths.push(instancePath.slice(0, slash));
  }
  if (instancePath !== "") paths.push(instancePath);
  return paths;
}

/**
 * One entry per problem a reader can act on. Under a failed `anyOf`/`oneOf`, the failures of each
 * branch would only confuse: the field gets the one message that no form matched. A value of the
 * wrong type gets that alone, not also every rule of the type it should have had.
 */
function describeErrors(errors: readonly ErrorObject[]): InvalidField[] {
  const alternatives = new Set(
    errors
      .filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf")
      .map((error) => error.instancePath),
  );
  // Each error looks up its own path and those above it: a bad body can hold a failed anyOf per
  // array item, and comparing every error with every one of them would hold the server for minutes.
  const underAlternative = (error: ErrorObject) =>
    error.keyword !== "anyOf" &&
    error.keyword !== "oneOf" &&
    pathAndAncestors(error.instancePath).some((path) => alternatives.has(path));
  const kept = errors.filter((error) => !underAlternative(error));
  const mistyped = new Set(kept.filter((error) => error.keyword === "type").map(fieldOf));
  const seen = new Set<string>();
  const invalidFields: InvalidField[] = [];
  for (const error of kept) {
    const field = fieldOf(error);
    if (mistyped.has(field) && error.keyword !== "type") continue;
    const message = messageOf(error);
    if (seen.has(`${field}\n${message}`)) continue;
    seen.add(`${field}\n${message}`);
    invalidFields.push({ field, message });
    if (invalidFields.length === MAX_INVALID_FIELDS) break;
  }
  return invalidFields;
}
