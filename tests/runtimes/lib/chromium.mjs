import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, posix } from "node:path";
import { cleanEnvironment, exec, tail } from "../../lib/exec.mjs";

export const CHROMIUM_PATH = "/usr/bin/chromium";
// Debian's Chromium in a container: no sandbox (no user namespaces), no GPU, and no calls home.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const RUN_TIMEOUT_MS = 90_000;

/** Installs Debian's chromium when it is missing; answers a reason to skip when that is impossible. */
export async function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return { installed: false };
  if (process.getuid?.() !== 0) return { skip: "chromium is missing and installing it needs root" };
  const environment = cleanEnvironment({ DEBIAN_FRONTEND: "noninteractive" });
  const update = await exec("apt-get", ["update"], { env: environment, timeoutMs: 300_000 });
  const install =
    update.code === 0
      ? await exec("apt-get", ["install", "-y", "chromium"], {
          env: environment,
          timeoutMs: 600_000,
        })
      : update;
  if (install.code !== 0 || !existsSync(CHROMIUM_PATH)) {
    return { skip: `apt-get install chromium failed: ${tail(install, 1)}` };
  }
  return { installed: true };
}

// The packages the page loads from their own ESM builds rather than from the bundle.
const SEPARATE_PACKAGES = ["core", "predictions"];

/**
 * The import map entries of one package, from its package.json: each `exports` subpath's `import`
 * target, or, without an `exports` map, `module` for the package and, for each folder holding a
 * package.json stub (`run/package.json` is `@dashscope/core/run`), the stub's `module`. Each maps to
 * `/<name>/<path in the package>`, which the page server serves from the package's dist/.
 */
function importMapEntries(root, name) {
  const directory = join(root, "packages", name);
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  const specifier = (subpath) => `@dashscope/${name}${subpath === "." ? "" : subpath.slice(1)}`;
  const served = (path) => `/${name}/${posix.normalize(path).replace(/^\.?\//, "")}`;
  const imports = {};
  if (manifest.exports) {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const file =
        typeof target === "string" ? target : (target.import?.default ?? target.import ?? target.default);
      if (typeof file === "string" && file.endsWith(".mjs")) imports[specifier(subpath)] = served(file);
    }
    return imports;
  }
  imports[specifier(".")] = served(manifest.module);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const stub = join(directory, entry.name, "package.json");
    if (!entry.isDirectory() || entry.name === "node_modules" || !existsSync(stub)) continue;
    const { module } = JSON.parse(readFileSync(stub, "utf8"));
    if (module) imports[specifier(`./${entry.name}`)] = served(posix.join(entry.name, module));
  }
  return imports;
}

/**
 * Serves a page on 127.0.0.1 that maps every entry of `@dashscope/core` and `@dashscope/predictions` to
 * their own ESM builds with an import map (any file of their dist/ is served, for the chunks the entries
 * share) and loads the smoke test (with `dashscope` bundled in for the browser). The emulator is on
 * another origin, so every call is a real cross-origin (CORS) request.
 */
function servePage({ root, browserCode, config }) {
  const importMap = {
    imports: Object.assign({}, ...SEPARATE_PACKAGES.map((name) => importMapEntries(root, name))),
  };
  /** The file under packages/<name>/dist/ that a served path names, or nothing. */
  const fileOf = (path) => {
    const [, name, rest] = /^\/([a-z-]+)\/(dist\/[\w.-]+\.mjs)$/.exec(path) ?? [];
    return SEPARATE_PACKAGES.includes(name) ? join(root, "packages", name, rest) : undefined;
  };
  const page = `<!doctype html>
<meta charset="utf-8">
<title>dashscope smoke test</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="application/json" id="config">${JSON.stringify(config)}</script>
<script type="module" src="/smoke.mjs"></script>
`;
  const served = new Set();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    served.add(path);
    if (path === "/") return response.writeHead(200, { "content-type": "text/html" }).end(page);
    if (path === "/favicon.ico") return response.writeHead(204).end();
    if (path === "/smoke.mjs")
      return response.writeHead(200, { "content-type": "text/javascript" }).end(browserCode);
    const file = fileOf(path);
    if (file && existsSync(file)) {
      const code = await readFile(file);
      return response.writeHead(200, { "content-type": "text/javascript" }).end(code);
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, served, importMap, url: `http://127.0.0.1:${server.address().port}/` }),
    );
  });
}

export async function runChromium({ root, browserCode, config }) {
  const { chromium } = await import("playwright-core");
  const { server, served, importMap, url } = await servePage({ root, browserCode, config });
  const problems = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, timeout: 60_000 });
    const page = await browser.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    await page.goto(url, { timeout: 30_000 });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
    });
    // The page sets `smokeResults` (a promise) once its modules have loaded; evaluate awaits it.
    const results = page
      .waitForFunction(() => window.smokeResults, null, { timeout: 30_000 })
      .then(() => page.evaluate(() => window.smokeResults));
    const answer = await Promise.race([results, timeout]).finally(() => clearTimeout(timer));
    const loadedSeparately = SEPARATE_PACKAGES.every((name) =>
      served.has(importMap.imports[`@dashscope/${name}`]),
    );
    return { version: browser.version(), results: answer.results, loadedSeparately, problems };
  } catch (error) {
    error.output = problems.join("\n");
    throw error;
  } finally {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
