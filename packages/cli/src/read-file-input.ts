import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { contentTypeOf } from "./content-types";
import { UsageError } from "./usage-error";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
};

/**
 * Reads the local file of a `key=@path` input as a `Blob` typed by its extension; the client sends it
 * as a data URI (or uploads it). A file that cannot be read is a usage error naming the argument.
 */
export async function readFileInput(argument: string, path: string, cwd: string): Promise<Blob> {
  if (path === "") throw new UsageError(`${argument}: expected a file path after "@"`);
  try {
    const bytes = await readFile(resolve(cwd, path));
    return new Blob([bytes], { type: contentTypeOf(path) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new UsageError(`${argument}: cannot read ${path}: ${REASONS[code] ?? (error as Error).message}`);
  }
}
