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
import { isCodegenLimitError } from "./codegen-limit-error";
import { ExitCode } from "./exit-codes";
import { redactSecrets } from "./redacting-output";
import { isUsageError } from "./usage-error";

/**
 * `text` with every occurrence of each secret blanked as `[redacted]`, also where it was JSON-escaped or
 * percent-encoded, so no message can show a token. Values shorter than six characters are left alone.
 */
export function redact(text: string, secrets: (string | undefined)[]): string {
  return redactSecrets(text, secrets);
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
  if (
    isDashscopeError(error) ||
    isCodegenLimitError(error) ||
    (error instanceof Error && error.name === "DownloadError")
  ) {
    return { code: ExitCode.api, message: `dashscope: ${error.message}` };
  }
  // Anything else is I/O (an output directory that cannot be written) or a bug; the message says which.
  return {
    code: ExitCode.api,
    message: `dashscope: ${error instanceof Error ? error.message : String(error)}`,
  };
}
