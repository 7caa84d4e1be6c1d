export { type CreateDeploymentOptions, createDeployment } from "./create-deployment";
export {
  type CreateDeploymentPredictionOptions,
  createDeploymentPrediction,
} from "./create-deployment-prediction";
export { type Deployment, deleteDeployment, getDeployment, listDeployments } from "./deployment";
export type { DeploymentConfiguration, DeploymentRelease } from "./deployment-configuration";
export { type UpdateDeploymentOptions, updateDeployment } from "./update-deployment";
