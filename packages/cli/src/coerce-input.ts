import { type JsonSchema, resolveSchema, schemaType } from "./input-schema";
import { readFileInput } from "./read-file-input";
import { suggestName } from "./suggest-name";
import { UsageError } from "./usage-error";

/** One `key=value` argument of `run`, `stream` or `trainings create`. */
export interface InputArgument {
  key: string;
  value: string;
  /** The argument as typed, for messages. */
  argument: string;
}

const KEY = /^[A-Za-z_][\w.-]*$/;

/** Splits `key=value` arguments at their first `=`; anything else is a usage error that names it. */
export function parseInputArguments(argumentsList: string[]): InputArgument[] {
  return argumentsList.map((argument) => {
    const split = argument.indexOf("=");
    const key = split > 0 ? argument.slice(0, split) : "";
    if (!KEY.test(key)) {
      throw new UsageError(
        `"${argument}" is not an input: write inputs as key=value (key=@path for a local file)`,
      );
    }
    return { key, value: argument.slice(split + 1), argument };
  });
}

const TRUE = ["true", "yes", "on", "1"];
const FALSE = ["false", "no", "off", "0"];

function parseJson(argument: string, text: string, expected: "array" | "object"): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${argument}: expected ${expected === "array" ? "a JSON array" : "a JSON object"} (${(error as Error).message})`,
    );
  }
  const isArray = Array.isArray(value);
  if ((expected === "array") !== isArray || typeof value !== "object" || value === null) {
    throw new UsageError(`${argument}: expected ${expected === "array" ? "a JSON array" : "a JSON object"}`);
  }
  return value;
}

/** The text of one argument as the value its schema asks for; a value that does not fit is a usage error. */
function coerceText(argument: string, text: string, schema: JsonSchema, document: unknown): unknown {
  const type = schemaType(schema, document);
  let value: unknown = text;
  if (type === "integer") {
    if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
      throw new UsageError(`${argument}: expected an integer`);
    }
    value = Number(text);
  } else if (type === "number") {
    value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`${argument}: expected a number`);
  } else if (type === "boolean") {
    const lower = text.trim().toLowerCase();
    if (!TRUE.includes(lower) && !FALSE.includes(lower)) {
      throw new UsageError(`${argument}: expected true or false`);
    }
    value = TRUE.includes(lower);
  } else if (type === "array") {
    // One bare item is a one-item array; repeating the key adds items (see coerceInputs).
    return text.trim().startsWith("[")
      ? parseJson(argument, text, "array")
      : [coerceText(argument, text, resolveSchema(schema.items, document), document)];
  } else if (type === "object") {
    value = parseJson(argument, text, "object");
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && !schema.enum.includes(value)) {
    throw new UsageError(
      `${argument}: expected one of ${schema.enum.map((choice) => JSON.stringify(choice)).join(", ")}`,
    );
  }
  return value;
}

export interface CoerceOptions {
  /** The version's resolved `Input` (or `TrainingInput`) schema; without one, values stay strings. */
  schema: JsonSchema | undefined;
  /** The whole `openapi_schema`, where `$ref`s point. */
  document: unknown;
  /** The model, for messages. */
  model: string;
  /** Where relative `@path`s start. */
  cwd: string;
}

/**
 * Turns `key=value` arguments into a model input, typed by the version's schema: numbers, integers and
 * booleans from their text, arrays and objects from JSON, `key=@path` as the local file's bytes (a
 * `Blob`), and `key=@@text` as the literal `@text`. Repeating the key of an array input adds items.
 */
export async function coerceInputs(
  inputArguments: InputArgument[],
  options: CoerceOptions,
): Promise<Record<string, unknown>> {
  const { schema, document, model, cwd } = options;
  const properties = schema?.properties ?? {};
  const known = Object.keys(properties);
  // Own names only, in a Map: `constructor`, `toString` or `__proto__` are ordinary input names, never
  // something every object inherits (or its prototype).
  const input = new Map<string, unknown>();
  for (const { key, value, argument } of inputArguments) {
    const declared = Object.hasOwn(properties, key);
    const property = resolveSchema(declared ? properties[key] : undefined, document);
    if (known.length > 0 && !declared) {
      const suggestion = suggestName(key, known);
      throw new UsageError(
        `${argument}: ${model} has no input "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ""} Its inputs: ${known.join(", ")}`,
      );
    }
    const isArray = schemaType(property, document) === "array";
    let coerced: unknown;
    if (value.startsWith("@") && !value.startsWith("@@")) {
      const file = await readFileInput(argument, value.slice(1), cwd);
      coerced = isArray ? [file] : file;
    } else {
      coerced = coerceText(argument, value.startsWith("@@") ? value.slice(1) : value, property, document);
    }
    if (input.has(key)) {
      if (!isArray) throw new UsageError(`${argument}: input "${key}" is given more than once`);
      coerced = [...(input.get(key) as unknown[]), ...(coerced as unknown[])];
    }
    input.set(key, coerced);
  }
  // `Object.fromEntries` defines each name as an own property: `__proto__` stays an input.
  return Object.fromEntries(input);
}
