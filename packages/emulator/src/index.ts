export { EMULATOR_TOKEN } from "./defaults";
export { createEmulator } from "./emulator";
export { parseFaultSpec } from "./faults";
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  FaultKind,
  FaultRates,
  InjectedFault,
  ListeningAddress,
  RecordedRequest,
  RecordedWebhookDelivery,
} from "./types";
