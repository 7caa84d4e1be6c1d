import type { Client } from "../client";
import { InvalidResponseError } from "../errors/invalid-response-error";
import { redact } from "../redact";

export type Status = "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";

const TERMINAL: unknown[] = ["succeeded", "failed", "canceled", "aborted"];

/** `succeeded`, `failed`, `canceled` and `aborted` (stopped before it started) never change again. */
export function isTerminal(status: string): boolean {
  return TERMINAL.includes(status);
}

export function isKnownStatus(status: unknown): status is Status {
  return TERMINAL.includes(status) || status === "starting" || status === "processing";
}

/**
 * `answer`, the server's answer to `request` (`"GET /predictions/…"`), once it is known to be a
 * prediction or training: an id and a known status. Anything else is the server's fault, and waiting
 * on it would never end.
 */
export function checkRunAnswer<T>(client: Client, answer: unknown, request: string): T {
  const { id, status } = Object(answer);
  if (typeof id !== "string" || !isKnownStatus(status)) {
    throw new InvalidResponseError(
      `${request} answered ${
        typeof id === "string"
          ? // The status is the server's text: an echo of the request may hold the token.
            `with an unknown status ${redact(JSON.stringify(status), client.auth)}`
          : "without an id"
      }`,
    );
  }
  return answer as T;
}
