export type Status = "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";

const TERMINAL: unknown[] = ["succeeded", "failed", "canceled", "aborted"];

/** `succeeded`, `failed`, `canceled` and `aborted` (stopped before it started) never change again. */
export function isTerminal(status: string): boolean {
  return TERMINAL.includes(status);
}

export function isKnownStatus(status: unknown): status is Status {
  return TERMINAL.includes(status) || status === "starting" || status === "processing";
}
