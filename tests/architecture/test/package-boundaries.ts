// Which package may import which: the arrows of docs/architecture.md, as a check.
import { isAbsolute, join, relative, resolve } from "node:path";
import { type ModuleImport, moduleImports } from "./module-imports";

/** The client's area packages: each builds on core alone. */
export const AREA_PACKAGES = [
  "predictions",
  "models",
  "trainings",
  "deployments",
  "stream",
  "files",
  "webhooks",
] as const;

/** The one run-time arrow between areas: streaming a model starts by creating its prediction. */
export const AREA_EXCEPTIONS: Readonly<Record<string, readonly string[]>> = { stream: ["predictions"] };

/** The packages of the client, which the emulator must not read: it is a second reading of the contract. */
export const CLIENT_PACKAGES = ["core", ...AREA_PACKAGES, "dashscope"] as const;

/** The workspace folder a specifier names (`@dashscope/core/run` → core, `dashscope` → dashscope), if any. */
export function workspacePackageOf(specifier: string): string | undefined {
  if (specifier === "dashscope" || specifier.startsWith("dashscope/")) return "dashscope";
  return /^@dashscope\/([^/]+)/.exec(specifier)?.[1];
}

/** A relative import that leaves the package's folder reaches into another package's files. */
function leavesPackage(packageDirectory: string, item: ModuleImport): boolean {
  if (!item.specifier.startsWith(".")) return false;
  const target = resolve(packageDirectory, "src", item.file, "..", item.specifier);
  const inside = relative(packageDirectory, target);
  return inside.startsWith("..") || isAbsolute(inside);
}

const describeImport = (name: string, item: ModuleImport) =>
  `${name}/src/${item.file} imports ${item.specifier}${item.typeOnly ? " (types)" : ""}`;

/**
 * Run-time imports from one area package into another, except `stream → predictions`, and relative
 * imports out of an area's folder. Type-only imports between areas are fine.
 */
export async function areaImportViolations(packagesDirectory: string): Promise<string[]> {
  const violations: string[] = [];
  for (const area of AREA_PACKAGES) {
    const packageDirectory = join(packagesDirectory, area);
    for (const item of await moduleImports(join(packageDirectory, "src"))) {
      const target = workspacePackageOf(item.specifier);
      const otherArea =
        target !== undefined &&
        target !== area &&
        (AREA_PACKAGES as readonly string[]).includes(target) &&
        !AREA_EXCEPTIONS[area]?.includes(target);
      if ((otherArea && !item.typeOnly) || target === "dashscope" || leavesPackage(packageDirectory, item)) {
        violations.push(describeImport(area, item));
      }
    }
  }
  return violations;
}

/** Anything the emulator imports from the client's packages, types included, or from outside its folder. */
export async function emulatorImportViolations(packagesDirectory: string): Promise<string[]> {
  const packageDirectory = join(packagesDirectory, "emulator");
  return (await moduleImports(join(packageDirectory, "src")))
    .filter((item) => {
      const target = workspacePackageOf(item.specifier);
      return (
        (target !== undefined && (CLIENT_PACKAGES as readonly string[]).includes(target)) ||
        leavesPackage(packageDirectory, item)
      );
    })
    .map((item) => describeImport("emulator", item));
}

/** Core is the bottom: it imports none of the packages built on it, not even their types. */
export async function coreImportViolations(packagesDirectory: string): Promise<string[]> {
  const packageDirectory = join(packagesDirectory, "core");
  return (await moduleImports(join(packageDirectory, "src")))
    .filter((item) => {
      const target = workspacePackageOf(item.specifier);
      return (target !== undefined && target !== "core") || leavesPackage(packageDirectory, item);
    })
    .map((item) => describeImport("core", item));
}
