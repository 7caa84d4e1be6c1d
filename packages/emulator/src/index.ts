export { EMULATOR_TOKEN } from "./defaults";
export {
  defineModel,
  isModelDefinition,
  type ModelDefinition,
  type ModelDefinitionOptions,
  type ModelExample,
  type ModelRun,
  type ModelRunContext,
  type ModelTraining,
  type ModelTrainRun,
  type TrainedWeights,
} from "./define-model";
export { createEmulator } from "./emulator";
export { parseFaultSpec } from "./faults";
export { loadModels } from "./load-models";
export type { JsonSchema } from "./schema-validation";
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  FaultKind,
  FaultRates,
  InjectedFault,
  ListeningAddress,
  ReceivedRequest,
  RecordedRequest,
  RecordedWebhookDelivery,
} from "./types";
