import type { Model, ModelVersion } from "dashscope";
import type { Command } from "../command";
import { findInputSchema, resolveSchema, schemaType } from "../input-schema";
import type { Printer } from "../printer";
import { listCommand } from "./list-command";
import { parseOwnerName } from "./owner-name";
import { showCommand } from "./show-command";

/** The inputs of a version, in Cog's order, as rows: what `key=value` arguments `run` takes. */
function inputRows(version: ModelVersion | null): unknown[][] {
  const document = version?.openapi_schema;
  const schema = findInputSchema(document, "Input");
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {})
    .map(([name, property]) => ({ name, property: resolveSchema(property, document) }))
    .sort((first, second) => (first.property["x-order"] ?? 0) - (second.property["x-order"] ?? 0))
    .map(({ name, property }) => [
      name,
      `${schemaType(property, document) ?? "any"}${property.format ? ` (${property.format})` : ""}`,
      required.has(name)
        ? "required"
        : property.default === undefined
          ? ""
          : JSON.stringify(property.default),
      [property.description, property.enum ? `one of ${property.enum.join(", ")}` : ""]
        .filter(Boolean)
        .join("; "),
    ]);
}

function showModel(model: Model, print: Printer): void {
  print.fields([
    ["model", `${model.owner}/${model.name}`],
    ["description", model.description],
    ["visibility", model.visibility],
    ["run_count", model.run_count],
    ["latest_version", model.latest_version?.id],
    ["url", model.url],
    ["github_url", model.github_url],
    ["paper_url", model.paper_url],
    ["license_url", model.license_url],
  ]);
  const rows = inputRows(model.latest_version);
  if (rows.length > 0) {
    print.text("\nInputs (dashscope run <model> key=value ...):");
    print.table(["input", "type", "default", "description"], rows);
  }
}

export const modelCommands: Command[] = [
  listCommand({
    name: "models list",
    summary: "list public models",
    fetchPage: (client, { signal }, cursor) => client.models.list({ cursor, signal }),
    columns: ["model", "visibility", "runs", "description"],
    row: (model: Model) => [
      `${model.owner}/${model.name}`,
      model.visibility,
      model.run_count,
      model.description,
    ],
  }),
  showCommand({
    name: "models get",
    arguments: "<owner/name>",
    summary: "show a model and the inputs of its latest version",
    fetch: (client, value, signal) => {
      const { owner, name } = parseOwnerName(value, "model");
      return client.models.get(owner, name, { signal });
    },
    show: showModel,
  }),
  listCommand({
    name: "models versions",
    arguments: "<owner/name>",
    positionals: { min: 1, max: 1 },
    summary: "list a model's versions, newest first",
    fetchPage: (client, { positionals, signal }, cursor) => {
      const { owner, name } = parseOwnerName(positionals[0] as string, "model");
      return client.models.versions.list(owner, name, { cursor, signal });
    },
    columns: ["id", "created_at", "cog_version"],
    row: (version: ModelVersion) => [version.id, version.created_at, version.cog_version],
  }),
];
