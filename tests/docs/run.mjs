// Runs every js/ts/mjs block of the READMEs as a program against a fresh emulator, the way a reader
// would paste it: so an example that no longer works fails CI instead of the reader.
//
//   node tests/docs/run.mjs [--verbose] [file.md …]
//
// Each block becomes an ES module (TypeScript is stripped by esbuild) in .tmp/blocks/ beside this file,
// where `dashscope` and `@dashscope/*` resolve to the workspace packages, and runs in its own Node
// process with DASHSCOPE_API_TOKEN and DASHSCOPE_BASE_URL set, as the README tells users to do. A block
// that uses the `dashscope` client (or a `client`) without making one gets the quick start's line
// prepended, since the READMEs make it once and use it in every block after; likewise a block in a
// package's README that calls that package's functions without importing them gets the import from the
// README's first block. A block that cannot run as a
// program carries `<!-- docs: not run — reason -->` on the line above it; at most one block in ten may.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator } from "@dashscope/emulator";
import { transform } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const blocksDirectory = join(here, ".tmp", "blocks");
const BLOCK_TIMEOUT_MILLISECONDS = Number(process.env.DOCS_BLOCK_TIMEOUT ?? 60_000);
const WORKERS = Math.max(1, Math.min(2, availableParallelism()));
const NOT_RUN_MARKER = /^\s*<!--\s*docs:\s*not run\s*[—–-]+\s*(.+?)\s*-->\s*$/;
const FENCE_OPEN = /^\s*```(js|mjs|ts|javascript|typescript)\s*$/;
const FENCE_ANY = /^\s*```/;

// The images the READMEs read from disk, as a reader would have them: a 1×1 PNG in the working directory.
const IMAGES = ["photo.png", "path/to/image.png"];
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

const argv = process.argv.slice(2);
const verbose = argv.includes("--verbose");
const named = argv.filter((argument) => !argument.startsWith("--"));

async function readmeFiles() {
  if (named.length > 0) return named.map((file) => join(process.cwd(), file));
  const packages = await readdir(join(root, "packages"));
  const files = [join(root, "README.md"), join(root, "README.zh-CN.md")];
  for (const name of packages.sort()) {
    const readme = join(root, "packages", name, "README.md");
    if (
      await readFile(readme).then(
        () => true,
        () => false,
      )
    )
      files.push(readme);
  }
  return files;
}

/** The fenced blocks of one Markdown file: `{ file, line, language, code, notRun }`. */
export function extractBlocks(file, text) {
  const lines = text.split("\n");
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE_OPEN.exec(lines[index]);
    if (!open) {
      if (FENCE_ANY.test(lines[index])) {
        // Skip other languages' blocks whole, so a ``` inside them is not taken for an opening.
        index++;
        while (index < lines.length && !FENCE_ANY.test(lines[index])) index++;
      }
      continue;
    }
    const body = [];
    const start = index;
    for (index++; index < lines.length && !FENCE_ANY.test(lines[index]); index++) body.push(lines[index]);
    const marker = NOT_RUN_MARKER.exec(lines[start - 1] ?? "");
    blocks.push({
      file,
      line: start + 1,
      language: open[1],
      code: body.join("\n"),
      notRun: marker ? marker[1] : null,
    });
  }
  return blocks;
}

function declares(code, name) {
  return new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}\\b|import\\s+${name}\\b`).test(code);
}

/** What each README's blocks may use without importing it: the named exports of its package. */
async function packageExports(file) {
  const manifest = join(root, dirname(file), "package.json");
  const name = file.startsWith("packages/") ? JSON.parse(await readFile(manifest, "utf8")).name : "dashscope";
  if (name === "@dashscope/cli") return { name, exports: [] };
  const module = await import(name);
  return { name, exports: Object.keys(module).filter((key) => key !== "default" && /^[a-z]/.test(key)) };
}

function imports(code, name) {
  return new RegExp(`import\\s*(?:\\w+\\s*,\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}`).test(code);
}

/** The lines a block leans on from the README's earlier blocks, kept to one line so line numbers hold. */
function prelude(code, carried) {
  const parts = [];
  const missing = carried.exports.filter(
    (name) =>
      new RegExp(`(?<![\\w.$])${name}\\s*(?:<[^>]*>)?\\s*\\(`).test(code) &&
      !imports(code, name) &&
      !declares(code, name),
  );
  if (missing.length > 0) parts.push(`import { ${missing.join(", ")} } from "${carried.name}";`);
  const usesDashscope = /(?<![\w"'`/@.-])dashscope\s*(?:\.|,|\))/.test(code) && !declares(code, "dashscope");
  const usesClass = usesDashscope || /\bnew Dashscope\b/.test(code);
  const importsClass = /import\s+Dashscope\b|import\s*\{[^}]*\bDashscope\b[^}]*\}/.test(code);
  if (usesClass && !importsClass && !declares(code, "Dashscope"))
    parts.push('import Dashscope from "dashscope";');
  if (usesDashscope) parts.push("const dashscope = new Dashscope();");
  const usesClient = /(?<![\w."'`/-])client\s*(?:\.|,|\))/.test(code) && !declares(code, "client");
  if (usesClient) {
    if (!/\bcreateClient\b/.test(code) && !missing.includes("createClient"))
      parts.push('import { createClient } from "@dashscope/core";');
    parts.push("const client = createClient();");
  }
  return parts.join(" ");
}

async function moduleSource(block) {
  let code = block.code;
  if (block.language === "ts" || block.language === "typescript") {
    const result = await transform(code, {
      loader: "ts",
      format: "esm",
      target: "node18",
      sourcefile: block.file,
    });
    code = result.code;
  }
  return `${prelude(block.code, await packageExports(block.file))}\n${code}\n`;
}

function firstErrorLine(output) {
  const lines = output.split("\n").map((line) => line.trim());
  const error = lines.find((line) => /^(?:[\w$.]*(?:Error|Exception)\b|Error:)/.test(line));
  return error ?? lines.filter(Boolean).at(-1) ?? "exited without output";
}

async function runBlock(block, index) {
  const source = await moduleSource(block).catch((error) => error);
  if (source instanceof Error)
    return { ok: false, error: `does not compile: ${firstErrorLine(source.message)}` };
  const name = `${String(index).padStart(3, "0")}-${basename(dirname(block.file))}-${basename(block.file, ".md")}-${block.line}.mjs`;
  const path = join(blocksDirectory, name);
  await writeFile(path, source);
  const emulator = createEmulator();
  const { url } = await emulator.listen(0);
  const workingDirectory = await mkdtemp(join(tmpdir(), "docs-block-"));
  for (const image of IMAGES) {
    await mkdir(join(workingDirectory, dirname(image)), { recursive: true });
    await writeFile(join(workingDirectory, image), PNG);
  }
  try {
    return await new Promise((resolve) => {
      const child = spawn(process.execPath, [path], {
        cwd: workingDirectory,
        env: { ...process.env, DASHSCOPE_API_TOKEN: "emulator-token", DASHSCOPE_BASE_URL: url },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve({ ok: false, error: `still running after ${BLOCK_TIMEOUT_MILLISECONDS} ms`, output });
      }, BLOCK_TIMEOUT_MILLISECONDS);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve({ ok: true, output });
        else if (signal !== "SIGKILL") resolve({ ok: false, error: firstErrorLine(output), output });
      });
    });
  } finally {
    await emulator.close();
    await rm(workingDirectory, { recursive: true, force: true });
  }
}

const files = await readmeFiles();
const blocks = [];
for (const file of files) blocks.push(...extractBlocks(relative(root, file), await readFile(file, "utf8")));
await rm(blocksDirectory, { recursive: true, force: true });
await mkdir(blocksDirectory, { recursive: true });

const runnable = blocks.filter((block) => block.notRun === null);
const notRun = blocks.length - runnable.length;
const failures = [];
let passed = 0;
let next = 0;
async function worker() {
  while (next < runnable.length) {
    const index = next++;
    const block = runnable[index];
    const result = await runBlock(block, index);
    if (result.ok) passed++;
    else failures.push({ block, error: result.error });
    if (verbose || !result.ok) {
      const status = result.ok ? "ok  " : "FAIL";
      console.log(`${status} ${block.file}:${block.line} ${result.ok ? "" : result.error}`.trimEnd());
      if (verbose && result.output) console.log(result.output.replace(/^/gm, "     | ").trimEnd());
    }
  }
}
await Promise.all(Array.from({ length: WORKERS }, worker));

const tooManyNotRun = notRun * 10 > blocks.length;
console.log(
  `${blocks.length} blocks in ${files.length} files; ${notRun} marked not run` +
    ` (at most one in ten may be: ${tooManyNotRun ? "too many" : "fine"})`,
);
if (tooManyNotRun) {
  for (const block of blocks.filter((candidate) => candidate.notRun !== null)) {
    console.log(`not run ${block.file}:${block.line} — ${block.notRun}`);
  }
}
console.log(`${passed} passed, ${failures.length + (tooManyNotRun ? 1 : 0)} failed`);
process.exitCode = failures.length > 0 || tooManyNotRun ? 1 : 0;
