export type Status = "starting" | "processing" | "succeeded" | "failed" | "canceled";

/** `succeeded`, `failed` and `canceled` never change again. */
export function isTerminal(status: string): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled";
}

export function isKnownStatus(status: unknown): status is Status {
  return (
    typeof status === "string" && (isTerminal(status) || status === "starting" || status === "processing")
  );
}
