import type { JsonSchema } from "../schema-validation";

interface PropertySchema {
  type?: string;
  description?: string;
}

/** A short Markdown README for a built-in model, written from its description and input schema. */
export function generatedReadme(fullName: string, description: string | null, input: JsonSchema): string {
  const properties = (input.properties ?? {}) as Record<string, PropertySchema>;
  const required = new Set((input.required ?? []) as string[]);
  const inputs = Object.entries(properties).map(([name, schema]) => {
    const kind = [schema.type ?? "any", required.has(name) ? "required" : "optional"].join(", ");
    return `- \`${name}\` (${kind})${schema.description ? `: ${schema.description}` : ""}`;
  });
  return [
    `# ${fullName}`,
    "",
    description ?? "",
    "",
    "## Input",
    "",
    ...inputs,
    "",
    "A built-in model of the Dashscope emulator.",
    "",
  ].join("\n");
}
