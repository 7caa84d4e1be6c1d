import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { defineModel, type ModelDefinition } from "./define-model";

/**
 * Imports a module whose default export is an array of models (from `defineModel`), as
 * `dashscope-emulator --models ./my-models.mjs` does. A relative path is taken from the working directory.
 */
export async function loadModels(path: string): Promise<ModelDefinition[]> {
  const url = pathToFileURL(resolve(path)).href;
  // A real dynamic import even in the CommonJS build, so that ES modules load too.
  const importModule = new Function("url", "return import(url)") as (url: string) => Promise<unknown>;
  const loaded = (await importModule(url)) as { default?: unknown };
  // A CommonJS module's `module.exports` arrives as `default`; an ES module's default export too.
  const exported = loaded.default;
  if (!Array.isArray(exported)) {
    throw new TypeError(
      `${path} must export an array of models as its default export (export default [model]).`,
    );
  }
  return exported.map((model) => defineModel(model));
}
