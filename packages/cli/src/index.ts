export type { CliIo, OutputStream } from "./cli-io";
export { type CodegenBound, CodegenLimitError, isCodegenLimitError } from "./codegen-limit-error";
export { type CoerceOptions, coerceInputs, type InputArgument, parseInputArguments } from "./coerce-input";
export type { Command, CommandContext, OptionSpec } from "./command";
export { COMMANDS } from "./command-table";
export {
  DownloadError,
  type DownloadedFile,
  type DownloadOptions,
  downloadOutputs,
} from "./download-outputs";
export { ExitCode } from "./exit-codes";
export { formatOutput } from "./format-output";
export {
  CODEGEN_LIMITS,
  type GenerateModelTypesOptions,
  generateModelTypes,
  type ModelTypesSource,
} from "./generate-model-types";
export { findInputSchema, type JsonSchema, resolveSchema } from "./input-schema";
export { main } from "./main";
export { type CommandLine, parseCommandLine } from "./parse-command-line";
export { renderFields, renderTable } from "./render-table";
export { describeError, redact } from "./report-error";
export { createRunDisplay, type RunDisplay, type RunState } from "./run-display";
export { suggestName } from "./suggest-name";
export { isUsageError, UsageError } from "./usage-error";
export { VERSION } from "./version";
