import {
  isAbortError,
  isApiError,
  isDashscopeError,
  isInvalidArgumentError,
  isMissingAuthError,
  isPredictionAbortedError,
  isPredictionCanceledError,
  isPredictionFailedError,
  isStreamError,
} from "dashscope";
import { ExitCode } from "./exit-codes";
import { isUsageError } from "./usage-error";

// Shorter values are too common in ordinary text to be blanked out safely; no real token is this short.
const SHORTEST_REDACTED = 6;

/** `text` with every occurrence of each secret replaced, so no message can show a token. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret && secret.length >= SHORTEST_REDACTED) redacted = redacted.split(secret).join("***");
  }
  return redacted;
}

/** The exit code for an error and the message that explains it: which argument, or which answer, and why. */
export function describeError(
  error: unknown,
  commandName: string | undefined,
): { code: number; message: string } {
  const helpFor = (isUsageError(error) && error.command) || commandName;
  const help = `Run "dashscope ${helpFor ? `${helpFor} ` : ""}--help" for usage.`;
  if (isUsageError(error)) return { code: ExitCode.usage, message: `dashscope: ${error.message}\n${help}` };
  if (isMissingAuthError(error)) {
    return {
      code: ExitCode.usage,
      message: "dashscope: no API token: pass --token <token> or set DASHSCOPE_API_TOKEN",
    };
  }
  if (isInvalidArgumentError(error))
    return { code: ExitCode.usage, message: `dashscope: ${error.message}\n${help}` };
  if (
    isPredictionFailedError(error) ||
    isPredictionCanceledError(error) ||
    isPredictionAbortedError(error) ||
    isStreamError(error)
  ) {
    return { code: ExitCode.predictionFailed, message: `dashscope: ${error.message}` };
  }
  if (isAbortError(error)) return { code: ExitCode.interrupted, message: "dashscope: interrupted" };
  if (isApiError(error)) {
    const lines = [
      `dashscope: the API answered ${error.status} ${error.title}${error.detail ? `: ${error.detail}` : ""}`,
      `  ${error.method} ${error.url}${error.requestId ? ` (request id ${error.requestId})` : ""}`,
      ...(error.invalidFields ?? []).map((field) => `  ${field.field}: ${field.message}`),
    ];
    if (error.status === 401) lines.push("  Check --token or DASHSCOPE_API_TOKEN.");
    return { code: ExitCode.api, message: lines.join("\n") };
  }
  if (isDashscopeError(error) || (error instanceof Error && error.name === "DownloadError")) {
    return { code: ExitCode.api, message: `dashscope: ${error.message}` };
  }
  // Anything else is I/O (an output directory that cannot be written) or a bug; the message says which.
  return {
    code: ExitCode.api,
    message: `dashscope: ${error instanceof Error ? error.message : String(error)}`,
  };
}
