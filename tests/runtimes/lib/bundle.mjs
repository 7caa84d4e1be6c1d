import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * esbuild, as the workspace already has it (tsup's own copy): no second download, and the same version
 * the packages are built with.
 */
export function loadEsbuild(root) {
  const rootRequire = createRequire(join(root, "package.json"));
  return createRequire(rootRequire.resolve("tsup"))("esbuild");
}

/**
 * Bundles an entry with the workspace's built packages: `dashscope` and `@dashscope/<name>` resolve to
 * `packages/<name>/dist/index.mjs` (the ESM build users get), and their own dependencies resolve from
 * there. `external` names packages that stay imports, for a page that loads them from an import map.
 */
export async function bundle(esbuild, { root, entry, outfile, platform, external = [] }) {
  const workspacePackages = {
    name: "workspace-packages",
    setup(build) {
      build.onResolve({ filter: /^(dashscope|@dashscope\/[a-z-]+)$/ }, ({ path }) => {
        if (external.includes(path)) return { path, external: true };
        const directory = path === "dashscope" ? "dashscope" : path.slice("@dashscope/".length);
        return { path: join(root, "packages", directory, "dist", "index.mjs") };
      });
    },
  };
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: platform === "browser" ? ["browser", "import", "default"] : ["import", "default"],
    plugins: [workspacePackages],
    logLevel: "silent",
  });
  return outfile;
}
