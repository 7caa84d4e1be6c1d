/** Which bound a schema went past: how deep it nests, how much it makes the generator visit or name, how much code. */
export type CodegenBound = "depth" | "nodes" | "types" | "output bytes";

const WHAT: Record<CodegenBound, (limit: number) => string> = {
  depth: (limit) => `nests deeper than ${limit} levels`,
  nodes: (limit) => `takes more than ${limit} schema nodes to write`,
  types: (limit) => `needs more than ${limit} named types`,
  "output bytes": (limit) => `would write more than ${limit} bytes of code`,
};

/**
 * A version's `openapi_schema` past one of `dashscope codegen`'s bounds: no model's inputs need that
 * much, and a schema built to exhaust the generator must not. Nothing is written.
 */
export class CodegenLimitError extends Error {
  override readonly name = "CodegenLimitError";
  readonly bound: CodegenBound;
  readonly limit: number;

  constructor(model: string, bound: CodegenBound, limit: number) {
    super(
      `the schema of ${JSON.stringify(model)} ${WHAT[bound](limit)} (codegen's ${bound} bound); no types were written`,
    );
    this.bound = bound;
    this.limit = limit;
  }
}

export function isCodegenLimitError(error: unknown): error is CodegenLimitError {
  return error instanceof Error && error.name === "CodegenLimitError";
}
