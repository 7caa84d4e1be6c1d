export { type CreateTrainingOptions, createTraining } from "./create-training";
export {
  cancelTraining,
  getTraining,
  listTrainings,
  type Training,
  type TrainingOutput,
} from "./training";
export { waitForTraining } from "./wait-for-training";
