export { cancelAfterHeader } from "./cancel-after";
export { encodeFileInputs } from "./encode-file-inputs";
export {
  dataUriEncoder,
  type FileEncodingStrategy,
  type FileUploader,
  MAX_DATA_URI_BYTES,
  toBlob,
} from "./file-input";
export { FileOutput, type FileOutputMapper, toFileOutputs } from "./file-output";
export { checkModelName, type ModelIdentifier, parseModelIdentifier } from "./model-identifier";
export type { Prediction } from "./prediction";
export {
  type FinishedRun,
  PredictionAbortedError,
  PredictionCanceledError,
  PredictionFailedError,
} from "./prediction-errors";
export { preferWaitHeader } from "./prefer-wait";
export { createRunRequest, type RunRequestOptions } from "./run-request";
export { checkRunAnswer, isKnownStatus, isTerminal, type Status } from "./status";
export { type OnUpdate, type WaitOptions, waitFor } from "./wait";
export { checkWebhookOptions, type WebhookEventType, type WebhookOptions } from "./webhook-options";
