export { type Collection, getCollection, listCollections } from "./collection";
export { type CreateModelOptions, createModel } from "./create-model";
export { type Hardware, listHardware } from "./hardware";
export { getModel, listModels, type Model, searchModels, type Visibility } from "./model";
export { getModelVersion, listModelVersions, type ModelVersion } from "./model-version";
