export type { OnUpdate, Page, Prediction, WaitOptions } from "@dashscope/core";
export { cancelPrediction } from "./cancel-prediction";
export { type CreatePredictionOptions, createPrediction } from "./create-prediction";
export { getPrediction } from "./get-prediction";
export { type ListPredictionsOptions, listPredictions } from "./list-predictions";
export { type Progress, parseProgressFromLogs } from "./parse-progress-from-logs";
export type { PredictionRequestOptions } from "./prediction-request-options";
export { type RunOptions, type RunProgress, run } from "./run";
export { waitForPrediction } from "./wait-for-prediction";
