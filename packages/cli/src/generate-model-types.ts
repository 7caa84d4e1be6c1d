import { CodegenLimitError } from "./codegen-limit-error";
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

/**
 * How far the generator goes before it refuses a schema with a `CodegenLimitError`: how deeply one
 * type nests, how many schema nodes (and enum values) it visits in all, how many named types it
 * declares, and how many bytes of code it writes. Real models' schemas stay far below each.
 */
export const CODEGEN_LIMITS = {
  depth: 32,
  nodes: 50_000,
  types: 2_000,
  outputBytes: 8 * 1024 * 1024,
} as const;

/** The JSON Schema keywords the generator reads, beyond those the CLI's input coercion reads. */
interface TypeSchema extends JsonSchema {
  const?: unknown;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | TypeSchema;
  "x-nullable"?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Words that cannot name a `const` in a module: reserved words, strict mode's, and the globals and
// module names TypeScript refuses to see declared again.
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return super switch this throw true try typeof var void while with yield await implements interface package private protected public static eval arguments undefined NaN Infinity globalThis require exports module".split(
    " ",
  ),
);
// Every line terminator JavaScript knows, and the other control characters, which have no place in a comment.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
const LINE_BREAKS = new RegExp(LINE_BREAK, "g");
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `object[key]` when `object` has it as its own field: `__proto__` or `constructor` name nothing inherited. */
function own(object: unknown, key: string): unknown {
  return isObject(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** `hello-world` → `["hello", "world"]`: the words of a name, ASCII letters and digits only. */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
}

function pascalCase(text: string): string {
  return words(text)
    .map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

/**
 * Text from the server made safe inside a `/* … *\/` comment: it cannot end the comment (`*\/`
 * becomes `*\\/`) and stays on one line (line terminators and control characters become spaces).
 */
function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(LINE_BREAKS, " ").replace(CONTROL, " ").trim();
}

/** A value as a TypeScript string literal: JSON's escaping, which leaves no way out of the quotes. */
const stringLiteral = (text: string) => JSON.stringify(text);

/** A property name as written in a type: bare when it is an identifier, else a string literal. */
const propertyKey = (name: string) =>
  IDENTIFIER.test(name) && name !== "__proto__" ? name : stringLiteral(name);

/** A `/** … *\/` block of `lines` (each made safe), or nothing when there are none. */
function docBlock(lines: string[], indent: string): string {
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ""}`).join("\n")}\n${indent} */\n`;
}

/** The doc comment of a schema: its description, format, bounds and default; empty when it has none. */
function docComment(schema: TypeSchema, indent: string): string {
  const lines: string[] = [];
  if (typeof schema.description === "string" && schema.description.trim())
    for (const line of schema.description.trim().split(LINE_BREAK)) lines.push(commentText(line));
  if (schema.format !== undefined) lines.push(`@format ${commentText(String(schema.format))}`);
  if (typeof schema.minimum === "number") lines.push(`@minimum ${schema.minimum}`);
  if (typeof schema.maximum === "number") lines.push(`@maximum ${schema.maximum}`);
  if (schema.default !== undefined) lines.push(`@default ${commentText(shownValue(schema.default))}`);
  return docBlock(lines, indent);
}

/** A default as JSON for a comment; one nested too deep for `JSON.stringify` is only named. */
function shownValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "(nested too deeply to show)";
  }
}

const unknownType = (why: string) => `unknown /* ${commentText(why)} */`;

/** What one `generateModelTypes` call has spent of `CODEGEN_LIMITS`, and the model it is at. */
interface Budget {
  model: string;
  nodes: number;
  types: number;
  /** Bytes of the declarations written so far. */
  bytes: number;
  /**
   * Characters of server text (doc comments, literals, names) in the declaration being built: a long
   * description written in place many times must hit the bound while it is built, not once it is.
   */
  building: number;
}

/** The declarations of one model: its named types, each once, for the `$ref`s its schema makes. */
interface ModelScope {
  document: unknown;
  budget: Budget;
  /** Type names in use in the whole module. */
  taken: Set<string>;
  /** The model's Pascal-case name: every type it declares starts with it. */
  prefix: string;
  /** `$ref` → the name of its type. */
  named: Map<string, string>;
  /** `$ref`s named but not declared yet, in the order they were met. */
  queue: string[];
  /** `$ref` → the `$ref`s its type names outside any object or array (memoised). */
  directReferences: Map<string, string[]>;
  /** `$ref` → whether its target holds no `$ref` (memoised). */
  leaves: Map<string, boolean>;
  /** A declared type's `$ref` → the `$ref`s known to reach it directly, or not to (memoised). */
  reaching: Map<string, Map<string, boolean>>;
}

/** How a type is being written: its depth, and the named type whose own definition this is, if any. */
interface Place {
  depth: number;
  indent: string;
  /** Set while no object or array lies between here and the declaration of this `$ref`'s type. */
  declaring: string | undefined;
}

function spendNode(scope: ModelScope, count = 1): void {
  scope.budget.nodes += count;
  if (scope.budget.nodes > CODEGEN_LIMITS.nodes) {
    throw new CodegenLimitError(scope.budget.model, "nodes", CODEGEN_LIMITS.nodes);
  }
}

/** The target of a local `$ref` (`#/components/schemas/…`), or undefined. */
function lookUp(reference: string, document: unknown): TypeSchema | undefined {
  if (!reference.startsWith("#/")) return undefined;
  let target: unknown = document;
  for (const part of reference.slice(2).split("/")) {
    target = own(target, part.replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  return isObject(target) ? (target as TypeSchema) : undefined;
}

/** Whether a schema holds no `$ref` at any depth: such a target is written where it is used. */
function isLeaf(reference: string, target: unknown, scope: ModelScope): boolean {
  const known = scope.leaves.get(reference);
  if (known !== undefined) return known;
  const stack: unknown[] = [target];
  let leaf = true;
  while (stack.length > 0 && leaf) {
    const value = stack.pop();
    // One push at a time: spreading a long enum into `push` would overflow the call stack.
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (isObject(value)) {
      spendNode(scope);
      if (typeof value.$ref === "string") leaf = false;
      else for (const field of Object.values(value)) stack.push(field);
    }
  }
  scope.leaves.set(reference, leaf);
  return leaf;
}

/**
 * The `$ref`s a schema's type would name outside any object or array: through unions and
 * single-member `allOf`s. A loop among these is a type alias TypeScript cannot resolve (`type A = B |
 * null; type B = A`), where a loop through an object or an array is a recursive type it can.
 */
function directReferences(reference: string, scope: ModelScope): string[] {
  const known = scope.directReferences.get(reference);
  if (known) return known;
  const found: string[] = [];
  scope.directReferences.set(reference, found);
  const visit = (schema: unknown, depth: number): void => {
    if (!isObject(schema) || depth > CODEGEN_LIMITS.depth) return;
    spendNode(scope);
    const typed = schema as TypeSchema;
    if (typeof typed.$ref === "string") {
      const target = lookUp(typed.$ref, scope.document);
      if (target && !isLeaf(typed.$ref, target, scope)) found.push(typed.$ref);
      return;
    }
    if (Array.isArray(typed.allOf) && typed.allOf.length === 1) visit(typed.allOf[0], depth + 1);
    const members = typed.anyOf ?? typed.oneOf;
    if (Array.isArray(members)) for (const member of members) visit(member, depth + 1);
  };
  visit(lookUp(reference, scope.document), 0);
  return found;
}

/** Whether the type of `from` names, outside objects and arrays, the type of `to` (or `from` is `to`). */
function reachesDirectly(from: string, to: string, scope: ModelScope): boolean {
  const known = scope.reaching.get(to) ?? new Map<string, boolean>();
  scope.reaching.set(to, known);
  const answer = known.get(from);
  if (answer !== undefined) return answer;
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const reference = stack.pop() as string;
    if (reference === to || known.get(reference) === true) {
      known.set(from, true);
      return true;
    }
    if (seen.has(reference) || known.get(reference) === false) continue;
    seen.add(reference);
    for (const next of directReferences(reference, scope)) stack.push(next);
  }
  // Everything this search went through leads nowhere near `to`: each later question about one is answered at once.
  for (const reference of seen) known.set(reference, false);
  return false;
}

/** A fresh name in the module, from `base` (a valid identifier): `base`, else `base2`, `base3`, … */
function claimName(base: string, taken: Set<string>): string {
  let name = base;
  for (let count = 2; taken.has(name); count++) name = `${base}${count}`;
  taken.add(name);
  return name;
}

/** The name of the type of `$ref` `reference`, declared later (once) with the model's other types. */
function nameFor(reference: string, scope: ModelScope): string {
  const known = scope.named.get(reference);
  if (known) return known;
  scope.budget.types += 1;
  if (scope.budget.types > CODEGEN_LIMITS.types) {
    throw new CodegenLimitError(scope.budget.model, "types", CODEGEN_LIMITS.types);
  }
  const last = reference.split("/").pop() ?? "";
  const name = claimName(`${scope.prefix}${pascalCase(last) || "Schema"}`, scope.taken);
  scope.named.set(reference, name);
  scope.queue.push(reference);
  return name;
}

/**
 * The TypeScript type of a value of `schema` (of one of its `type`s, when `type` picks one from a
 * list). Throws only past a bound; what it cannot read is `unknown`.
 */
function typeOf(schema: unknown, scope: ModelScope, place: Place, type?: unknown): string {
  if (!isObject(schema))
    return schema === true || schema === undefined ? "unknown" : unknownType("not a schema");
  if (place.depth > CODEGEN_LIMITS.depth) {
    throw new CodegenLimitError(scope.budget.model, "depth", CODEGEN_LIMITS.depth);
  }
  spendNode(scope);
  const typed = schema as TypeSchema;
  const written = baseType(typed, scope, place, type === undefined ? typed.type : type);
  const nullable = typed.nullable === true || typed["x-nullable"] === true;
  return nullable && written !== "unknown" && !written.startsWith("unknown ") ? `${written} | null` : written;
}

const deeper = (place: Place): Place => ({ ...place, depth: place.depth + 1 });
/** Inside an object or an array: a named type may refer to itself from here. */
const nested = (place: Place, indent = place.indent): Place => ({
  depth: place.depth + 1,
  indent,
  declaring: undefined,
});

function referenceType(reference: string, scope: ModelScope, place: Place): string {
  const target = lookUp(reference, scope.document);
  if (!target) return spendText(scope, unknownType(`unresolved $ref ${reference}`));
  // A target without `$ref`s (Cog's enums) is written in place: that costs its own size, never more.
  if (isLeaf(reference, target, scope)) return typeOf(target, scope, deeper(place));
  if (place.declaring !== undefined && reachesDirectly(reference, place.declaring, scope)) {
    return spendText(scope, unknownType(`$ref ${reference} refers to itself`));
  }
  return nameFor(reference, scope);
}

function baseType(schema: TypeSchema, scope: ModelScope, place: Place, type: unknown): string {
  if (typeof schema.$ref === "string") return referenceType(schema.$ref, scope, place);
  if (Array.isArray(schema.allOf)) {
    // How Cog writes an enum input: `allOf: [{ $ref: "#/components/schemas/scheduler" }]`.
    if (schema.allOf.length === 1) return typeOf(schema.allOf[0], scope, deeper(place));
    return unknownType(`allOf with ${schema.allOf.length} members`);
  }
  if (schema.const !== undefined) return spendText(scope, literal(schema.const));
  if (Array.isArray(schema.enum)) {
    if (schema.enum.length === 0) return "never";
    spendNode(scope, schema.enum.length);
    return union(schema.enum.map((value) => spendText(scope, literal(value))));
  }
  const members = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(members)) {
    if (members.length === 0) return unknownType("an empty anyOf");
    return union(members.map((member) => typeOf(member, scope, deeper(place))));
  }
  if (Array.isArray(type)) {
    // Each type once, and the schema itself shared rather than copied for each.
    spendNode(scope, type.length);
    return union([...new Set(type)].map((one) => typeOf(schema, scope, deeper(place), one)));
  }
  switch (type) {
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
      const item = typeOf(schema.items, scope, nested(place));
      return /[\s|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case "object":
      return objectType(schema, scope, place);
    case undefined:
      return schema.properties ? objectType(schema, scope, place) : unknownType("no type given");
    default:
      return spendText(scope, unknownType(`type ${shownValue(type)}`));
  }
}

/** A `const` or `enum` value as a literal type: strings JSON-escaped, numbers JSON-written. */
function literal(value: unknown): string {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "number";
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
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
    const ownOrder = property["x-order"];
    if (typeof ownOrder === "number") return ownOrder;
    const target = typeof property.$ref === "string" ? lookUp(property.$ref, document) : undefined;
    return typeof target?.["x-order"] === "number" ? target["x-order"] : Number.POSITIVE_INFINITY;
  };
  return properties
    .filter((entry): entry is [string, TypeSchema] => isObject(entry[1]))
    .map((entry, index) => ({ entry, index }))
    .sort((first, second) => order(first.entry[1]) - order(second.entry[1]) || first.index - second.index)
    .map(({ entry }) => entry);
}

/** The members of an object type, one a line: `name?: type;` under its doc comment. */
function objectMembers(schema: TypeSchema, scope: ModelScope, place: Place): string {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const inner = nested(place);
  let members = "";
  for (const [name, property] of orderedProperties(schema, scope.document)) {
    const optional = required.has(name) ? "" : "?";
    const documentation = spendText(scope, docComment(property, place.indent));
    const key = spendText(scope, propertyKey(name));
    members += `${documentation}${place.indent}${key}${optional}: ${typeOf(property, scope, inner)};\n`;
  }
  const extra = schema.additionalProperties;
  if (isObject(extra) || (extra === true && !members)) {
    const value = isObject(extra) ? typeOf(extra, scope, inner) : "unknown";
    members += `${place.indent}[key: string]: ${members && value !== "unknown" ? "unknown" : value};\n`;
  }
  return members;
}

function objectType(schema: TypeSchema, scope: ModelScope, place: Place): string {
  const members = objectMembers(schema, scope, { ...place, indent: `${place.indent}  ` });
  if (!members)
    return schema.additionalProperties === false ? "Record<string, never>" : "Record<string, unknown>";
  return `{\n${members}${place.indent}}`;
}

const INPUT = "#/components/schemas/Input";
const OUTPUT = "#/components/schemas/Output";

/** `Input`, resolved through `$ref`s or single `allOf`s, when it is an object schema. */
function inputObject(document: unknown): TypeSchema | undefined {
  let schema = lookUp(INPUT, document);
  const seen = new Set<TypeSchema>();
  while (schema && !seen.has(schema)) {
    seen.add(schema);
    if (typeof schema.$ref === "string") schema = lookUp(schema.$ref, document);
    else if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && isObject(schema.allOf[0]))
      schema = schema.allOf[0] as TypeSchema;
    else break;
  }
  return schema && (schema.type === "object" || isObject(schema.properties)) ? schema : undefined;
}

/** The names each model's types and reference get: `HelloWorld` and `helloWorld`, owner-prefixed on a clash. */
function assignNames(models: readonly ModelTypesSource[], taken: Set<string>): string[] {
  const byName = new Map<string, number>();
  for (const model of models) {
    const base = pascalCase(model.name);
    byName.set(base, (byName.get(base) ?? 0) + 1);
  }
  return models.map((model) => {
    let base = pascalCase(model.name) || "Model";
    if ((byName.get(base) ?? 0) > 1) base = pascalCase(`${model.owner} ${model.name}`) || base;
    if (/^\d/.test(base)) base = `Model${base}`;
    // The model's Input and Output are claimed with it, so no other type can take them.
    let name = base;
    for (let count = 2; [name, `${name}Input`, `${name}Output`].some((used) => taken.has(used)); count++) {
      name = `${base}${count}`;
    }
    for (const used of [name, `${name}Input`, `${name}Output`]) taken.add(used);
    return name;
  });
}

/** The `const` of a model: its name in camel case, never a word a `const` cannot take. */
function constName(pascal: string, taken: Set<string>): string {
  const camel = pascal[0]?.toLowerCase() + pascal.slice(1);
  return claimName(RESERVED.has(camel) ? `${camel}Model` : camel, taken);
}

/** The declarations of one model: its Input interface, Output type, named types and ModelRef. */
function modelDeclarations(
  model: ModelTypesSource,
  name: string,
  scope: ModelScope,
  constant: string,
): string {
  const identifier = `${model.owner}/${model.name}:${model.version}`;
  const top: Place = { depth: 0, indent: "", declaring: undefined };
  scope.named.set(INPUT, `${name}Input`);
  scope.named.set(OUTPUT, `${name}Output`);
  const input = inputObject(scope.document);
  const inputBody = input
    ? objectMembers(input, scope, { ...top, indent: "  " })
    : "  /** The version describes no Input object. */\n  [input: string]: unknown;\n";
  const outputSchema = lookUp(OUTPUT, scope.document);
  const output = outputSchema
    ? typeOf(outputSchema, scope, { ...top, declaring: OUTPUT })
    : unknownType("the version describes no Output");
  const pieces = [
    `\n/** The input of ${commentText(identifier)}. */\n` +
      `export interface ${name}Input {\n${inputBody}}\n\n` +
      `/** The output of ${commentText(identifier)}. */\n` +
      `export type ${name}Output = ${output};\n`,
  ];
  spendBytes(scope.budget, pieces[0] as string);
  // Each named type once, however many `$ref`s lead to it: the module grows with the schema, never
  // with the number of paths through it.
  for (let next = scope.queue.shift(); next !== undefined; next = scope.queue.shift()) {
    const target = lookUp(next, scope.document) as TypeSchema;
    const type = typeOf(target, scope, { ...top, declaring: next });
    const declaration = `\n${docComment(target, "")}export type ${scope.named.get(next)} = ${type};\n`;
    spendBytes(scope.budget, declaration);
    pieces.push(declaration);
  }
  const reference =
    `\n/** ${commentText(`${model.owner}/${model.name}`)}, pinned to the version these types describe. */\n` +
    `export const ${constant} = ${stringLiteral(identifier)} as ModelRef<${name}Input, ${name}Output>;\n`;
  spendBytes(scope.budget, reference);
  pieces.push(reference);
  return pieces.join("");
}

/** Counts server text as it goes into the declaration being built. */
function spendText<T extends string>(scope: ModelScope, text: T): T {
  scope.budget.building += text.length;
  if (scope.budget.bytes + scope.budget.building > CODEGEN_LIMITS.outputBytes) {
    throw new CodegenLimitError(scope.budget.model, "output bytes", CODEGEN_LIMITS.outputBytes);
  }
  return text;
}

/** Counts a finished declaration against the output bound, before it is added to the module. */
function spendBytes(budget: Budget, text: string): void {
  budget.building = 0;
  budget.bytes += Buffer.byteLength(text);
  if (budget.bytes > CODEGEN_LIMITS.outputBytes) {
    throw new CodegenLimitError(budget.model, "output bytes", CODEGEN_LIMITS.outputBytes);
  }
}

/**
 * One TypeScript module with, for each model, `interface <Name>Input`, `type <Name>Output` and
 * `const <name> = "owner/name:version" as ModelRef<<Name>Input, <Name>Output>`, from the version's
 * `openapi_schema` (`components.schemas.Input` and `Output`); what they `$ref` is declared once as a
 * named type. Schema parts it cannot express become `unknown` with a comment saying why.
 *
 * The module only declares: every string from the server is escaped where it lands (comments, string
 * literals, property names) and every name is made from ASCII letters and digits, so importing it
 * runs nothing. A schema past `CODEGEN_LIMITS` throws a `CodegenLimitError` naming the bound.
 */
export function generateModelTypes(
  models: readonly ModelTypesSource[],
  options: GenerateModelTypesOptions = {},
): string {
  const importFrom = options.importFrom ?? "dashscope";
  const taken = new Set(["ModelRef"]);
  const names = assignNames(models, taken);
  const constants = names.map((name) => constName(name, taken));
  const budget: Budget = { model: "", nodes: 0, types: 0, bytes: 0, building: 0 };
  let text =
    "// Written by `dashscope codegen` from each model version's openapi_schema. Run it again rather\n" +
    "// than edit this file.\n\n" +
    `import type { ModelRef } from ${stringLiteral(importFrom)};\n`;
  spendBytes(budget, text);
  models.forEach((model, index) => {
    budget.model = `${model.owner}/${model.name}:${model.version}`;
    const scope: ModelScope = {
      document: model.openapiSchema,
      budget,
      taken,
      prefix: names[index] as string,
      named: new Map(),
      queue: [],
      directReferences: new Map(),
      leaves: new Map(),
      reaching: new Map(),
    };
    text += modelDeclarations(model, names[index] as string, scope, constants[index] as string);
  });
  return text;
}
