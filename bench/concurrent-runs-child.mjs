// One client in a process of its own, so that its CPU time and memory are measured apart from the
// server's and the other client's: `node concurrent-runs-child.mjs <client> <base URL> <count>` runs
// `count` predictions at once and prints what it measured as JSON.
import { performance } from "node:perf_hooks";
import { connectContestant } from "./contestants/index.mjs";

const [name, baseUrl, countText] = process.argv.slice(2);
const count = Number(countText);
const contestant = await connectContestant(name, baseUrl);
const rssBeforeRuns = process.memoryUsage().rss;
const cpuBeforeRuns = process.cpuUsage();
const started = performance.now();
const results = await Promise.allSettled(
  Array.from({ length: count }, (_, index) =>
    contestant.run("dashscope/hello-world", { text: `run ${index}` }),
  ),
);
const wallMilliseconds = performance.now() - started;
// User and system time of every thread of the process (the JIT compiler's and the GC's included), in µs.
const cpu = process.cpuUsage(cpuBeforeRuns);
const failures = results.filter((result) => result.status === "rejected");
process.stdout.write(
  JSON.stringify({
    wallMilliseconds,
    cpuMilliseconds: (cpu.user + cpu.system) / 1000,
    succeeded: results.filter(
      (result) => result.status === "fulfilled" && result.value.startsWith("hello run "),
    ).length,
    failed: failures.length,
    firstError: failures[0] ? String(failures[0].reason) : null,
    rssBeforeRuns,
    // resourceUsage().maxRSS is the process's peak resident set, in KiB.
    peakRss: process.resourceUsage().maxRSS * 1024,
  }),
);
