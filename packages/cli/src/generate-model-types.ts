import type { JsonSchema } from "./input-schema";

/** One model version to write types for: its identifier and its `openapi_schema`. */
export interface ModelTypesSource {
  owner: string;
  name: string;
  /** The version id the reference pins. */
  version: string;
  openapiSchema: unknown;
}

export interface GenerateModelTypesOptions {
  /**
   * The package `ModelRef` is imported from: `"dashscope"` (the default) or `"@dashscope/predictions"`;
   * both export the same type.
   */
  importFrom?: string;
}

/** The JSON Schema keywords the generator reads, beyond those the CLI's input coercion reads. */
interface TypeSchema extends JsonSchema {
  const?: unknown;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | TypeSchema;
  "x-nullable"?: boolean;
}

// Deeper than this is a reference loop or a schema no model writes; it becomes `unknown`.
const MAX_DEPTH = 20;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Words that cannot name a `const`.
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return super switch this throw true try typeof var void while with yield await implements interface package private protected public static".split(
    " ",
  ),
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `hello-world` → `["hello", "world"]`: the words of a model's name. */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
}

function pascalCase(text: string): string {
  return words(text)
    .map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

/** A comment's text, unable to end the comment it sits in. */
function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").trim();
}

/** A `/** … *\/` block from a schema's description, default, format and bounds; empty when it has none. */
function docComment(schema: TypeSchema, indent: string): string {
  const lines: string[] = [];
  if (typeof schema.description === "string" && schema.description.trim())
    lines.push(...commentText(schema.description).split("\n"));
  if (schema.format) lines.push(`@format ${commentText(String(schema.format))}`);
  if (typeof schema.minimum === "number") lines.push(`@minimum ${schema.minimum}`);
  if (typeof schema.maximum === "number") lines.push(`@maximum ${schema.maximum}`);
  if (schema.default !== undefined)
    lines.push(`@default ${commentText(JSON.stringify(schema.default) ?? "")}`);
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ""}`).join("\n")}\n${indent} */\n`;
}

/** The target of a local `$ref` (`#/components/schemas/…`), or undefined. */
function lookUp(reference: string, document: unknown): TypeSchema | undefined {
  if (!reference.startsWith("#/")) return undefined;
  let target: unknown = document;
  for (const part of reference.slice(2).split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    target = isObject(target) ? target[key] : undefined;
  }
  return isObject(target) ? (target as TypeSchema) : undefined;
}

const unknownType = (why: string) => `unknown /* ${commentText(why)} */`;

/** The TypeScript type of a value of `schema`. Never throws: what it cannot read becomes `unknown`. */
function typeOf(schema: unknown, document: unknown, indent: string, depth: number): string {
  if (!isObject(schema))
    return schema === true || schema === undefined ? "unknown" : unknownType("not a schema");
  if (depth > MAX_DEPTH) return unknownType("nested too deep");
  const typed = schema as TypeSchema;
  const type = baseType(typed, document, indent, depth);
  const nullable = typed.nullable === true || typed["x-nullable"] === true;
  return nullable && type !== "unknown" && !type.startsWith("unknown ") ? `${type} | null` : type;
}

function baseType(schema: TypeSchema, document: unknown, indent: string, depth: number): string {
  if (typeof schema.$ref === "string") {
    const target = lookUp(schema.$ref, document);
    return target
      ? typeOf(target, document, indent, depth + 1)
      : unknownType(`unresolved $ref ${schema.$ref}`);
  }
  if (Array.isArray(schema.allOf)) {
    // How Cog writes an enum input: `allOf: [{ $ref: "#/components/schemas/scheduler" }]`.
    if (schema.allOf.length === 1) return typeOf(schema.allOf[0], document, indent, depth + 1);
    return unknownType(`allOf with ${schema.allOf.length} members`);
  }
  if (schema.const !== undefined) return literal(schema.const);
  if (Array.isArray(schema.enum)) {
    if (schema.enum.length === 0) return "never";
    return schema.enum.map(literal).join(" | ");
  }
  const members = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(members)) {
    if (members.length === 0) return unknownType("an empty anyOf");
    return union(members.map((member) => typeOf(member, document, indent, depth + 1)));
  }
  if (Array.isArray(schema.type)) {
    return union(schema.type.map((type) => typeOf({ ...schema, type }, document, indent, depth + 1)));
  }
  switch (schema.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      const item = typeOf(schema.items, document, indent, depth + 1);
      return /[\s|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case "object":
      return objectType(schema, document, indent, depth);
    case undefined:
      return schema.properties ? objectType(schema, document, indent, depth) : unknownType("no type given");
    default:
      return unknownType(`type ${JSON.stringify(schema.type)}`);
  }
}

function literal(value: unknown): string {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return JSON.stringify(value);
  return unknownType("a non-scalar enum value");
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.includes("unknown") ? "unknown" : unique.join(" | ");
}

/** Properties in Cog's order (`x-order`), then as written. */
function orderedProperties(schema: TypeSchema, document: unknown): [string, TypeSchema][] {
  const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
  const order = (property: TypeSchema) => {
    const own = property["x-order"];
    if (typeof own === "number") return own;
    const target = property.$ref ? lookUp(property.$ref, document) : undefined;
    return typeof target?.["x-order"] === "number" ? target["x-order"] : Number.POSITIVE_INFINITY;
  };
  return properties
    .filter((entry): entry is [string, TypeSchema] => isObject(entry[1]))
    .map((entry, index) => ({ entry, index }))
    .sort((first, second) => order(first.entry[1]) - order(second.entry[1]) || first.index - second.index)
    .map(({ entry }) => entry);
}

/** The members of an object type, one a line: `name?: type;` under its doc comment. */
function objectMembers(schema: TypeSchema, document: unknown, indent: string, depth: number): string {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  let members = "";
  for (const [name, property] of orderedProperties(schema, document)) {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    const optional = required.has(name) ? "" : "?";
    members += `${docComment(property, indent)}${indent}${key}${optional}: ${typeOf(property, document, indent, depth + 1)};\n`;
  }
  const extra = schema.additionalProperties;
  if (isObject(extra) || (extra === true && !members)) {
    const value = isObject(extra) ? typeOf(extra, document, indent, depth + 1) : "unknown";
    members += `${indent}[key: string]: ${members && value !== "unknown" ? "unknown" : value};\n`;
  }
  return members;
}

function objectType(schema: TypeSchema, document: unknown, indent: string, depth: number): string {
  const inner = `${indent}  `;
  const members = objectMembers(schema, document, inner, depth);
  if (!members)
    return schema.additionalProperties === false ? "Record<string, never>" : "Record<string, unknown>";
  return `{\n${members}${indent}}`;
}

/** The schema named `name` under `components.schemas`, or undefined. */
function namedSchema(document: unknown, name: string): TypeSchema | undefined {
  const schemas =
    isObject(document) && isObject(document.components) ? document.components.schemas : undefined;
  return isObject(schemas) && isObject(schemas[name]) ? (schemas[name] as TypeSchema) : undefined;
}

/** `Input`, resolved through a `$ref` or single `allOf`, when it is an object schema. */
function inputObject(document: unknown): TypeSchema | undefined {
  let schema = namedSchema(document, "Input");
  for (let depth = 0; schema && depth < MAX_DEPTH; depth++) {
    if (typeof schema.$ref === "string") schema = lookUp(schema.$ref, document);
    else if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && isObject(schema.allOf[0]))
      schema = schema.allOf[0] as TypeSchema;
    else break;
  }
  return schema && (schema.type === "object" || isObject(schema.properties)) ? schema : undefined;
}

/** The names a model's types and reference get: `HelloWorld` and `helloWorld`, owner-prefixed on a clash. */
function assignNames(models: readonly ModelTypesSource[]): string[] {
  const taken = new Set<string>();
  const byName = new Map<string, number>();
  for (const model of models) {
    const base = pascalCase(model.name);
    byName.set(base, (byName.get(base) ?? 0) + 1);
  }
  return models.map((model) => {
    let base = pascalCase(model.name) || "Model";
    if ((byName.get(base) ?? 0) > 1) base = pascalCase(`${model.owner} ${model.name}`);
    if (/^\d/.test(base)) base = `Model${base}`;
    let name = base;
    for (let count = 2; taken.has(name); count++) name = `${base}${count}`;
    taken.add(name);
    return name;
  });
}

function camelCase(pascal: string): string {
  const camel = pascal[0]?.toLowerCase() + pascal.slice(1);
  return RESERVED.has(camel) ? `${camel}Model` : camel;
}

/**
 * One TypeScript module with, for each model, `interface <Name>Input`, `type <Name>Output` and
 * `const <name> = "owner/name:version" as ModelRef<<Name>Input, <Name>Output>`, from the version's
 * `openapi_schema` (`components.schemas.Input` and `Output`). Schema parts it cannot express become
 * `unknown` with a comment saying why; it never throws on a schema.
 */
export function generateModelTypes(
  models: readonly ModelTypesSource[],
  options: GenerateModelTypesOptions = {},
): string {
  const importFrom = options.importFrom ?? "dashscope";
  const names = assignNames(models);
  let text =
    "// Written by `dashscope codegen` from each model version's openapi_schema. Run it again rather\n" +
    "// than edit this file.\n\n" +
    `import type { ModelRef } from ${JSON.stringify(importFrom)};\n`;
  models.forEach((model, index) => {
    const name = names[index] as string;
    const document = model.openapiSchema;
    const identifier = `${model.owner}/${model.name}:${model.version}`;
    const input = inputObject(document);
    const inputMembers = input ? objectMembers(input, document, "  ", 0) : "";
    const inputBody = input
      ? inputMembers
      : `  /** The version describes no Input object. */\n  [input: string]: unknown;\n`;
    const outputSchema = namedSchema(document, "Output");
    const output = outputSchema
      ? typeOf(outputSchema, document, "", 0)
      : unknownType("the version describes no Output");
    text +=
      `\n/** The input of ${identifier}. */\n` +
      `export interface ${name}Input {\n${inputBody}}\n\n` +
      `/** The output of ${identifier}. */\n` +
      `export type ${name}Output = ${output};\n\n` +
      `/** ${model.owner}/${model.name}, pinned to the version these types describe. */\n` +
      `export const ${camelCase(name)} = ${JSON.stringify(identifier)} as ModelRef<${name}Input, ${name}Output>;\n`;
  });
  return text;
}
