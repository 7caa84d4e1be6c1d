export type Status = "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";

/** `succeeded`, `failed`, `canceled` and `aborted` (stopped before it started) never change again. */
export function isTerminal(status: string): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled" || status === "aborted";
}

export function isKnownStatus(status: unknown): status is Status {
  return (
    typeof status === "string" && (isTerminal(status) || status === "starting" || status === "processing")
  );
}
