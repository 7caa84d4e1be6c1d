// Entry for the runtimes that run a file: Node, Bun and Deno. Prints one JSON line: the runtime's
// version and the smoke test's steps. The configuration comes as one JSON argument.
import { smoke } from "../smoke.mjs";

function runtimeVersion() {
  if (globalThis.Bun) return globalThis.Bun.version;
  if (globalThis.Deno) return globalThis.Deno.version.deno;
  return globalThis.process.versions.node;
}

const argumentsList = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const config = JSON.parse(argumentsList[0]);
const results = await smoke(config);
console.log(JSON.stringify({ version: runtimeVersion(), results }));
