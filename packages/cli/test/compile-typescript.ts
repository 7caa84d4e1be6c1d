import { existsSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { packageDirectory } from "./helpers";

// Files on disk (the DOM library, dashscope's declarations) are parsed once for every check: parsing
// them is most of a check's time.
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks in-memory modules as if they sat in this package's `test/generated/` directory (which
 * does not exist), so that `import … from "dashscope"` resolves to the workspace's build. Answers
 * each diagnostic as `file(line): message`; none means the modules compile.
 */
export function compileTypeScript(files: Record<string, string>): string[] {
  const directory = join(packageDirectory, "test", "generated");
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(directory, name), text]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.fileExists = (name) => virtual.has(name) || existsSync(name);
  host.directoryExists = (name) => name === directory || existsSync(name);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, language);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, language, ...rest));
    return parsed.get(name);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.slice(directory.length + 1)}(${line + 1}): ${message}`;
  });
}
