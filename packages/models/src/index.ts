export { type Collection, getCollection, listCollections } from "./collection";
export { type CreateModelOptions, createModel } from "./create-model";
export { deleteModel } from "./delete-model";
export { deleteModelVersion } from "./delete-model-version";
export { getModelReadme } from "./get-model-readme";
export { type Hardware, listHardware } from "./hardware";
export { listModelExamples } from "./list-model-examples";
export {
  getModel,
  type ListModelsOptions,
  listModels,
  type Model,
  searchModels,
  type Visibility,
} from "./model";
export { getModelVersion, listModelVersions, type ModelVersion } from "./model-version";
export {
  type SearchCollectionResult,
  type SearchModelResult,
  type SearchOptions,
  type SearchPageResult,
  type SearchResults,
  search,
} from "./search";
export { type UpdateModelFields, updateModel } from "./update-model";
