import type { DownloadedFile } from "./download-outputs";

/**
 * A prediction's output as text: a string as it is, saved files one path a line, a list of strings
 * (a language model's tokens) joined, anything else as indented JSON. Empty for no output.
 */
export function formatOutput(output: unknown, files: DownloadedFile[]): string {
  if (output === null || output === undefined) return "";
  if (typeof output === "string") return output;
  if (Array.isArray(output) && output.every((item) => typeof item === "string")) {
    const paths = new Set(files.map((file) => file.path));
    const allFiles = output.length > 0 && output.every((item) => paths.has(item));
    return output.join(allFiles ? "\n" : "");
  }
  return JSON.stringify(output, null, 2);
}
