import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort } from "./free-port.mjs";

const START_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 90_000;

/**
 * The worker and its outbound network: workerd blocks outbound connections to local addresses unless
 * the worker's `globalOutbound` is a network service that allows them, and the emulator is on loopback.
 */
function capnpConfig(port, compatibilityDate) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
);
`;
}

function waitForPort(port, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`workerd exited with ${child.exitCode}`));
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`workerd did not listen within ${START_TIMEOUT_MS} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Serves the bundled worker with `workerd serve`, fetches it once (it runs the smoke test), and stops it. */
export async function runWorkerd({
  binaryPath,
  directory,
  workerCode,
  config,
  compatibilityDate = "2025-06-01",
}) {
  await mkdir(directory, { recursive: true });
  const port = await freePort();
  await writeFile(join(directory, "worker.mjs"), workerCode);
  await writeFile(join(directory, "config.capnp"), capnpConfig(port, compatibilityDate));
  const child = spawn(binaryPath, ["serve", "config.capnp", "--verbose"], {
    cwd: directory,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  try {
    await waitForPort(port, child);
    const query = new URLSearchParams({
      baseUrl: config.baseUrl,
      token: config.token,
      runtime: config.runtime,
    });
    const response = await fetch(`http://127.0.0.1:${port}/?${query}`, {
      signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`the worker answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  } catch (error) {
    error.output = output.trim().split("\n").slice(-30).join("\n");
    throw error;
  } finally {
    await stop(child);
  }
}
