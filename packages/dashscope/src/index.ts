import { Dashscope } from "./dashscope";

export default Dashscope;

export {
  AbortError,
  type Account,
  ApiError,
  AuthenticationError,
  BadRequestError,
  type Client,
  type ClientOptions,
  ConflictError,
  ConnectionError,
  createClient,
  DashscopeError,
  type FetchFunction,
  FileOutput,
  type FileUploader,
  InternalServerError,
  InvalidArgumentError,
  type InvalidField,
  InvalidResponseError,
  isAbortError,
  isApiError,
  isConnectionError,
  isDashscopeError,
  isInvalidArgumentError,
  isInvalidResponseError,
  isMissingAuthError,
  isPredictionAbortedError,
  isPredictionCanceledError,
  isPredictionFailedError,
  isRateLimitError,
  isStreamError,
  isTimeoutError,
  type ListOptions,
  MissingAuthError,
  type ModelIdentifier,
  NotFoundError,
  type OnUpdate,
  type Page,
  PermissionDeniedError,
  type Prediction,
  PredictionAbortedError,
  PredictionCanceledError,
  PredictionFailedError,
  paginateItems,
  parseModelIdentifier,
  RateLimitError,
  type ReplicateRequestOptions,
  type RequestOptions,
  type Status,
  StreamError,
  TimeoutError,
  UnprocessableEntityError,
  type WaitOptions,
  type WebhookEventType,
} from "@dashscope/core";
export type {
  CreateDeploymentOptions,
  CreateDeploymentPredictionOptions,
  Deployment,
  DeploymentConfiguration,
  DeploymentRelease,
  UpdateDeploymentOptions,
} from "@dashscope/deployments";
export type { CreateFileOptions, DashscopeFile, FileContent, FileObject } from "@dashscope/files";
export type {
  Collection,
  CreateModelOptions,
  Hardware,
  Model,
  ModelVersion,
  Visibility,
} from "@dashscope/models";
export {
  type CreatePredictionOptions,
  type ModelInput,
  type ModelName,
  type ModelOutput,
  type ModelRef,
  type Progress,
  parseProgressFromLogs,
  type RunOptions,
  type RunOutput,
  type RunProgress,
} from "@dashscope/predictions";
export {
  type EventStream,
  ServerSentEvent,
  type StreamModelOptions,
  type StreamOptions,
} from "@dashscope/stream";
export type { CreateTrainingOptions, Training, TrainingOutput } from "@dashscope/trainings";
export {
  isWebhookVerificationError,
  type ValidateWebhookOptions,
  validateWebhook,
  type WebhookParts,
  type WebhookSecret,
  WebhookVerificationError,
} from "@dashscope/webhooks";
export type {
  // The option's type, under replicate's name: its strategy names, or an uploader function.
  DashscopeFileEncodingStrategy as FileEncodingStrategy,
  DashscopeOptions,
} from "./dashscope";
export { Dashscope };
