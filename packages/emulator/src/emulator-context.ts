import type { AccessPolicy } from "./access-policy";
import type { Clock } from "./clock";
import type { FaultInjector } from "./faults";
import type { IdempotencyStore } from "./idempotency";
import type { EmulatorState } from "./state";
import type { EmulatorStats } from "./types";
import type { WebhookSender } from "./webhooks";

export interface EmulatorSettings {
  tokens: readonly string[];
  timeScale: number;
  pageSize: number;
  longPoll: boolean;
  maxBodyBytes: number;
  maxJsonDepth: number;
  requestLogLimit: number;
  requestLogBodyBytes: number;
  access: AccessPolicy;
}

/** What one emulator instance is made of; every route and run reaches its state through this. */
export interface EmulatorContext {
  settings: EmulatorSettings;
  state: EmulatorState;
  clock: Clock;
  stats: EmulatorStats;
  faults: FaultInjector;
  webhooks: WebhookSender;
  idempotency: IdempotencyStore;
}
