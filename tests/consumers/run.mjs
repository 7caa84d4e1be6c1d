// Package checks, as a user gets the packages: `pnpm pack` every public package, install the tarballs with
// npm into scratch projects outside the workspace (ESM, CommonJS, TypeScript), and run each one against an
// emulator started here. Prints one table row per check and exits non-zero if any fails.
//
//   pnpm build && node tests/consumers/run.mjs
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, EMULATOR_TOKEN } from "@dashscope/emulator";
import { cleanEnvironment, exec, tail } from "../lib/exec.mjs";
import { runWithCleanup } from "../lib/run-with-cleanup.mjs";
import { createTable } from "../lib/table.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");
const fixtures = join(here, "fixtures");
const PUBLIC_PACKAGES = [
  "core",
  "predictions",
  "models",
  "trainings",
  "deployments",
  "files",
  "webhooks",
  "stream",
  "dashscope",
  "emulator",
];
// The CLI is published too once it exists; until it is built there is nothing to pack.
if (existsSync(join(root, "packages", "cli", "dist"))) PUBLIC_PACKAGES.push("cli");
// What a tarball may hold besides dist/: anything else (sources, tests, configs) is a packaging mistake.
const ALLOWED_FILES = new Set(["package.json", "README.md", "CHANGELOG.md", "LICENSE"]);
// A subpath entry of a package without an `exports` map is a folder holding only a package.json stub
// that points into dist/ (`@dashscope/core/run` is `run/package.json`).
const ENTRY_STUB = /^[a-z][a-z0-9-]*\/package\.json$/;

const table = createTable([
  { key: "check", title: "check", width: 48 },
  { key: "result", title: "result", width: 6 },
  { key: "ms", title: "ms", width: 6 },
  { key: "detail", title: "detail", width: 60 },
]);

/** Runs one check and records its row; a check answers its detail, or throws with the output to show. */
async function check(name, body) {
  const started = performance.now();
  try {
    const detail = await body();
    table.add({
      check: name,
      result: "ok",
      ms: Math.round(performance.now() - started),
      detail: detail ?? "",
    });
    return true;
  } catch (error) {
    const output = error.output ?? error.stack ?? String(error);
    const detail = (error.message ?? String(error)).split("\n")[0].slice(0, 60);
    table.add({ check: name, result: "FAIL", ms: Math.round(performance.now() - started), detail, output });
    return false;
  }
}

function failure(message, result) {
  const error = new Error(message);
  if (result) error.output = tail(result, 40);
  return error;
}

async function mapLimit(items, limit, body) {
  const results = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await body(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Packs one package with pnpm (which rewrites `workspace:` ranges) and checks what went into the tarball. */
async function pack(name, destination) {
  const directory = join(root, "packages", name);
  if (!existsSync(join(directory, "dist")))
    throw new Error(`packages/${name}/dist is missing: run pnpm build`);
  const result = await exec("pnpm", ["pack", "--pack-destination", destination], {
    cwd: directory,
    env: cleanEnvironment(),
  });
  if (result.code !== 0) throw failure(`pnpm pack failed (${result.code})`, result);
  const tarball = result.stdout.trim().split("\n").pop().trim();
  if (!tarball.endsWith(".tgz") || !existsSync(tarball))
    throw failure("pnpm pack printed no tarball", result);
  const listing = await exec("tar", ["-tzf", tarball]);
  const entries = listing.stdout.trim().split("\n").filter(Boolean);
  const stray = entries.filter((entry) => {
    const path = entry.replace(/^package\//, "");
    return !path.startsWith("dist/") && !ALLOWED_FILES.has(path) && !ENTRY_STUB.test(path);
  });
  if (stray.length > 0) throw new Error(`unexpected files in the tarball: ${stray.slice(0, 5).join(", ")}`);
  const manifest = (await exec("tar", ["-xzOf", tarball, "package/package.json"])).stdout;
  if (manifest.includes("workspace:")) throw new Error("the packed package.json still has workspace: ranges");
  const { size } = await stat(tarball);
  return { tarball, detail: `${(size / 1024).toFixed(1)} KiB, ${entries.length} files` };
}

/** Copies a fixture into a fresh project outside the workspace and installs every tarball at once. */
async function createProject(scratch, fixture, manifest, tarballs) {
  const directory = join(scratch, fixture);
  await mkdir(directory, { recursive: true });
  await cp(join(fixtures, fixture), directory, { recursive: true });
  await writeFile(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const result = await exec(
    "npm",
    ["install", ...tarballs, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: directory, env: cleanEnvironment() },
  );
  if (result.code !== 0) throw failure(`npm install failed (${result.code})`, result);
  const installed = await readdir(join(directory, "node_modules", "@dashscope"));
  return { directory, detail: `dashscope + ${installed.length} @dashscope/* packages` };
}

async function runNode(directory, args, environment) {
  const result = await exec(process.execPath, args, { cwd: directory, env: cleanEnvironment(environment) });
  if (result.code !== 0) throw failure(`node ${args.join(" ")} exited ${result.code}`, result);
  return result.stdout.trim().split("\n").pop();
}

/** The TypeScript project's configs: Node's own resolution with Node's types, and a bundler's with the DOM's. */
function typescriptConfigs() {
  // A Node user has @types/node; the workspace's copy stands in for theirs (no extra download).
  const typeRoots = [join(root, "node_modules", "@types")];
  const common = { strict: true, target: "es2022", skipLibCheck: false, outDir: "dist", rootDir: "src" };
  return {
    "tsconfig.node16.json": {
      compilerOptions: {
        ...common,
        module: "node16",
        moduleResolution: "node16",
        lib: ["es2022"],
        types: ["node"],
        typeRoots,
      },
      include: ["src"],
    },
    "tsconfig.bundler.json": {
      compilerOptions: {
        ...common,
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["es2022", "dom", "dom.iterable"],
        types: [],
        noEmit: true,
      },
      include: ["src/*.ts"],
    },
  };
}

async function main() {
  const require = createRequire(join(root, "package.json"));
  const tsc = join(require.resolve("typescript/package.json"), "..", "bin", "tsc");
  const scratch = await mkdtemp(join(tmpdir(), "dashscope-consumers-"));
  const tarballDirectory = join(scratch, "tarballs");
  let emulator;
  const cleanup = async () => {
    await emulator?.close();
    // KEEP_SCRATCH=1 leaves the projects in place to look into a failure.
    if (process.env.KEEP_SCRATCH) console.log(`(scratch projects kept in ${scratch})`);
    else await rm(scratch, { recursive: true, force: true });
  };
  await runWithCleanup(cleanup, async () => {
    await mkdir(tarballDirectory);
    const tarballs = [];
    await mapLimit(PUBLIC_PACKAGES, 4, (name) =>
      check(`pack ${name === "dashscope" ? name : `@dashscope/${name}`}`, async () => {
        const packed = await pack(name, tarballDirectory);
        tarballs.push(packed.tarball);
        return packed.detail;
      }),
    );
    if (tarballs.length !== PUBLIC_PACKAGES.length) return;

    emulator = createEmulator({ timeScale: 0.01 });
    const { url } = await emulator.listen(0, "127.0.0.1");
    const environment = { DASHSCOPE_BASE_URL: url, DASHSCOPE_API_TOKEN: EMULATOR_TOKEN };

    const projects = {};
    const manifests = {
      esm: { name: "esm-consumer", private: true, type: "module" },
      commonjs: { name: "commonjs-consumer", private: true, type: "commonjs" },
      typescript: { name: "typescript-consumer", private: true, type: "module" },
    };
    await mapLimit(Object.keys(manifests), 3, (fixture) =>
      check(`npm install tarballs (${fixture})`, async () => {
        const project = await createProject(scratch, fixture, manifests[fixture], tarballs);
        projects[fixture] = project.directory;
        return project.detail;
      }),
    );

    if (projects.esm) {
      await check('ESM: import Dashscope from "dashscope"; run', async () => {
        const output = await runNode(projects.esm, ["index.mjs"], environment);
        return `hello-world answered ${JSON.stringify(output)}`;
      });
      await check("ESM and CommonJS: same names from every entry", async () =>
        runNode(projects.esm, ["entries.mjs"]),
      );
      // Through the bin link npm made, as `npx dashscope-emulator` would run it.
      await check("ESM: dashscope-emulator bin --version", async () =>
        runNode(projects.esm, [join("node_modules", ".bin", "dashscope-emulator"), "--version"]),
      );
      if (PUBLIC_PACKAGES.includes("cli")) {
        await check("ESM: dashscope (CLI) bin --help", async () => {
          await runNode(projects.esm, [join("node_modules", ".bin", "dashscope"), "--help"], environment);
          return "exits 0";
        });
      }
    }
    if (projects.commonjs) {
      await check('CommonJS: require("dashscope") is the class; run', async () => {
        const output = await runNode(projects.commonjs, ["index.js"], environment);
        return `hello-world answered ${JSON.stringify(output)}`;
      });
    }
    if (projects.typescript) {
      const directory = projects.typescript;
      for (const [file, config] of Object.entries(typescriptConfigs())) {
        await writeFile(join(directory, file), `${JSON.stringify(config, null, 2)}\n`);
      }
      const typecheck = (label, file) =>
        check(`TypeScript: tsc --noEmit (${label})`, async () => {
          const result = await exec(process.execPath, [tsc, "-p", file, "--noEmit"], { cwd: directory });
          if (result.code !== 0) throw failure(`tsc found errors (${file})`, result);
          const version = JSON.parse(await readFile(join(tsc, "..", "..", "package.json"), "utf8")).version;
          return `typescript ${version}, no errors`;
        });
      await Promise.all([
        typecheck("node16, @types/node", "tsconfig.node16.json"),
        typecheck("bundler, DOM lib", "tsconfig.bundler.json"),
      ]);
      await check("TypeScript: compile (node16) and run", async () => {
        const compiled = await exec(process.execPath, [tsc, "-p", "tsconfig.node16.json"], {
          cwd: directory,
        });
        // tsc emits despite type errors; those fail the rows above, and this row still tells whether
        // the code runs.
        const emitted = ["main.js", "require.cjs"].every((file) => existsSync(join(directory, "dist", file)));
        if (!emitted) throw failure("tsc emitted nothing", compiled);
        const output = await runNode(directory, ["start.mjs"], environment);
        const caveat = compiled.code === 0 ? "" : " (emitted with type errors)";
        return `every namespace ran${caveat}; require.cts: ${JSON.stringify(output)}`;
      });
    }
  });
}

await main().catch((error) => {
  table.add({ check: "package checks", result: "FAIL", ms: 0, detail: error.message, output: error.stack });
});
table.report();
