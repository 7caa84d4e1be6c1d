// Tricks that shave bytes off the shipped code at the cost of a reader's time, found with the
// TypeScript parser: comma expressions (`(0, client.fetch)(…)`), `void 0` for undefined, `1 / 0` for
// Infinity, and comments that apologise for such a trick ("in fewer bytes", a lint suppression of the
// comma operator). The shipped client packages are written plainly instead.
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import ts from "typescript";
import { sourceFiles } from "./module-imports";
import { CLIENT_PACKAGES } from "./package-boundaries";

const APOLOGIES = /in fewer bytes|with less code|noCommaOperator/i;

/** What is golfed in one file's text, as `line: what` (lines from 1). */
export function golfedLines(fileName: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const report = (position: number, what: string) => {
    found.push(`${source.getLineAndCharacterOfPosition(position).line + 1}: ${what}`);
  };
  const visit = (node: ts.Node): void => {
    const parent = node.parent;
    // A `for` loop's initializer and step are the one place a comma list is ordinary.
    const inForHeader =
      parent !== undefined &&
      ts.isForStatement(parent) &&
      (parent.initializer === node || parent.incrementor === node);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CommaToken && !inForHeader) {
      report(node.getStart(), "a comma expression");
    }
    if (ts.isVoidExpression(node)) report(node.getStart(), "`void` for undefined");
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.SlashToken &&
      ts.isNumericLiteral(node.right) &&
      Number(node.right.text) === 0
    ) {
      report(node.getStart(), "a division by 0 for Infinity");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  text.split("\n").forEach((line, index) => {
    if (APOLOGIES.test(line)) found.push(`${index + 1}: a comment apologising for a trick`);
  });
  return found.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
}

/** Every golfed line in the shipped sources of the client packages, as `package/src/file:line: what`. */
export async function golfedCode(packagesDirectory: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of CLIENT_PACKAGES) {
    const directory = join(packagesDirectory, name, "src");
    for (const path of await sourceFiles(directory)) {
      const file = relative(packagesDirectory, path);
      for (const line of golfedLines(path, await readFile(path, "utf8"))) found.push(`${file}:${line}`);
    }
  }
  return found;
}
