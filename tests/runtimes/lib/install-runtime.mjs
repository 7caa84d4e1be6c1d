import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnvironment, exec, tail } from "../../lib/exec.mjs";

/**
 * Installs a runtime that the npm registry ships as a package (Node, Bun, Deno, workerd) into its own
 * folder under `.tmp/`, never into the workspace's lockfile, and answers the path of its binary. A folder
 * that already holds that version is reused, so only the first run downloads anything.
 */
export async function installRuntime(cacheDirectory, { packageName, version, binary }) {
  const folder = join(cacheDirectory, `${packageName.replace(/[@/]/g, "-").replace(/^-/, "")}-${version}`);
  const packageDirectory = join(folder, "node_modules", ...packageName.split("/"));
  const binaryPath = join(packageDirectory, binary);
  if (existsSync(binaryPath) && installedVersion(packageDirectory) === version) {
    return { binaryPath, cached: true };
  }
  const result = await exec(
    "npm",
    [
      "install",
      "--prefix",
      folder,
      `${packageName}@${version}`,
      // The user's npm cache answers a repeat install without the network.
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      // The packages only carry binaries; nothing needs to run at install.
      "--ignore-scripts",
    ],
    { env: cleanEnvironment(), timeoutMs: 300_000 },
  );
  if (result.code !== 0 || !existsSync(binaryPath)) {
    const error = new Error(`npm install ${packageName}@${version} failed (${result.code})`);
    error.output = tail(result, 30);
    throw error;
  }
  return { binaryPath, cached: false };
}

function installedVersion(packageDirectory) {
  try {
    return JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}
