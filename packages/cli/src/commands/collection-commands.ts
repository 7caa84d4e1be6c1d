import type { Collection, Model } from "dashscope";
import type { Command } from "../command";
import { listCommand } from "./list-command";
import { showCommand } from "./show-command";

export const collectionCommands: Command[] = [
  listCommand({
    name: "collections list",
    summary: "list collections of models",
    fetchPage: (client, { signal }, cursor) => client.collections.list({ cursor, signal }),
    columns: ["slug", "name", "description"],
    row: (collection: Collection) => [collection.slug, collection.name, collection.description],
  }),
  showCommand({
    name: "collections get",
    arguments: "<slug>",
    summary: "show a collection and its models",
    fetch: (client, slug, signal) => client.collections.get(slug, { signal }),
    show: (collection, print) => {
      print.fields([
        ["collection", collection.slug],
        ["name", collection.name],
        ["description", collection.description],
      ]);
      print.text("\nModels:");
      print.table(
        ["model", "description"],
        collection.models.map((model: Model) => [`${model.owner}/${model.name}`, model.description]),
      );
    },
  }),
];
