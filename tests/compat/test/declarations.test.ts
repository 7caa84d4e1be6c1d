// replicate's declarations compile in any TypeScript project, whatever its target and even without
// skipLibCheck; renamed apps type-check against ours, so ours must too.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));

function errorsOf(options: ts.CompilerOptions): string[] {
  const file = join(here, "fixtures", "uses-the-declarations.ts");
  const program = ts.createProgram([file], { noEmit: true, strict: true, types: [], ...options });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("the declarations of dashscope", () => {
  it("compile for an ES5 target without skipLibCheck, as replicate's do", () => {
    const options = {
      target: ts.ScriptTarget.ES5,
      lib: ["lib.es2020.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: false,
    };
    expect(errorsOf(options)).toEqual([]);
  });
});
