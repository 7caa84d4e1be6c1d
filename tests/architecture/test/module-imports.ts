// What each source file imports, read with the TypeScript parser: the specifier as written, and whether
// the import is erased from the JavaScript (a type-only import costs nothing at run time).
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import ts from "typescript";

export interface ModuleImport {
  /** Relative to the directory given. */
  file: string;
  specifier: string;
  typeOnly: boolean;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED = /(^|\/)(node_modules|dist)$|\.test\.ts$/;

/** The source files under `directory`, tests, `dist` and `node_modules` left out. */
export async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        SOURCE.test(path) &&
        !relative(directory, path)
          .split("/")
          .some((part) => SKIPPED.test(part)),
    )
    .sort();
}

/** `import type { A }` and `import { type A }` alike: nothing of it is left at run time. */
function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    return (
      node.isTypeOnly ||
      (node.exportClause !== undefined &&
        ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 &&
        node.exportClause.elements.every((element) => element.isTypeOnly))
    );
  }
  const clause = node.importClause;
  if (!clause) return false; // `import "./side-effect"`
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** Every static import and re-export, `import()` and `require()` of the sources under `directory` (tests left out). */
export async function moduleImports(directory: string): Promise<ModuleImport[]> {
  const found: ModuleImport[] = [];
  for (const path of await sourceFiles(directory)) {
    const file = relative(directory, path);
    const source = ts.createSourceFile(path, await readFile(path, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        found.push({ file, specifier: node.moduleSpecifier.text, typeOnly: isTypeOnly(node) });
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const literal = node.argument.literal;
        if (ts.isStringLiteral(literal)) found.push({ file, specifier: literal.text, typeOnly: true });
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        found.push({ file, specifier: node.arguments[0].text, typeOnly: false });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
