import { spawn } from "node:child_process";

/**
 * Runs a command to its end and answers its exit code and output; never throws for a non-zero exit.
 * A command that outlives `timeoutMs` is killed, so a hung install or compiler cannot hang CI.
 */
export function exec(command, args, { cwd, env = process.env, timeoutMs = 180_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, ms: performance.now() - started });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The environment for npm and consumer processes: pnpm's own `npm_*` settings must not leak into npm. */
export function cleanEnvironment(extra = {}) {
  const keep = new Set(["npm_config_registry", "npm_config_cache", "npm_config_userconfig"]);
  const environment = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.toLowerCase().startsWith("npm_") && !keep.has(name.toLowerCase())) continue;
    if (name.toLowerCase().startsWith("pnpm_")) continue;
    environment[name] = value;
  }
  return { ...environment, ...extra };
}

/** The last few lines of a failed command's output, for the table's detail column and the log below it. */
export function tail(result, lines = 15) {
  return `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-lines).join("\n");
}
