// SSE throughput: 100 000 `output` events consumed through each client's `stream`, with the server
// writing them a few at a time (a live model) or all at once (a replay).
import { performance } from "node:perf_hooks";
import { CONTESTANT_NAMES, connectContestant } from "./contestants/index.mjs";
import { listenSseServer, renderEvent } from "./sse-server.mjs";
import { median } from "./statistics.mjs";
import { figure, ratio } from "./table.mjs";

const EVENTS = 100_000;
const TRIALS = 3;
/** A trial that takes longer is stopped, and its rate is taken over the events it got by then. */
const TRIAL_LIMIT_MILLISECONDS = 5_000;

const SCENARIOS = [
  { label: "10 events per write (a model streaming fast)", eventsPerWrite: 10 },
  { label: "100 events per write", eventsPerWrite: 100 },
  {
    label: "all at once (a replay: resuming, or a finished prediction)",
    eventsPerWrite: Number.POSITIVE_INFINITY,
  },
];

/** Creates the prediction and reads events until `done` or the time limit, checking each `output`. */
async function consume(contestant) {
  const limit = AbortSignal.timeout(TRIAL_LIMIT_MILLISECONDS);
  const started = performance.now();
  let outputs = 0;
  try {
    for await (const event of await contestant.openStream("dashscope/echo-stream", { prompt: "x" }, limit)) {
      if (event.event !== "output") continue;
      outputs += 1;
      if (event.data !== `token ${outputs} `) {
        throw new Error(`Event ${outputs} arrived as ${JSON.stringify(event.data)}`);
      }
    }
  } catch (error) {
    if (!limit.aborted) throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  if (!limit.aborted && outputs !== EVENTS)
    throw new Error(`Expected ${EVENTS} output events, got ${outputs}`);
  return { seconds, outputs, eventsPerSecond: outputs / seconds, stopped: limit.aborted };
}

export async function run() {
  const [ours, theirs] = CONTESTANT_NAMES;
  let streamBytes = 0;
  for (let id = 1; id <= EVENTS; id++) streamBytes += Buffer.byteLength(renderEvent(id));
  const rows = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    const server = await listenSseServer({ events: EVENTS, eventsPerWrite: scenario.eventsPerWrite });
    const samples = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
    try {
      const contestants = {};
      for (const name of CONTESTANT_NAMES) contestants[name] = await connectContestant(name, server.url);
      // One untimed pass each before the first scenario, so that no trial pays for loading and warming up.
      if (index === 0) for (const name of CONTESTANT_NAMES) await consume(contestants[name]);
      for (let trial = 0; trial < TRIALS; trial++) {
        for (const name of CONTESTANT_NAMES) samples[name].push(await consume(contestants[name]));
      }
    } finally {
      await server.close();
    }
    const rate = (name) => median(samples[name].map((sample) => sample.eventsPerSecond));
    const cell = (name) => {
      const seconds = figure(median(samples[name].map((sample) => sample.seconds)), 2, " s");
      if (!samples[name].some((sample) => sample.stopped))
        return `${figure(rate(name) / 1000, 0, "k/s")} (${seconds})`;
      const outputs = median(samples[name].map((sample) => sample.outputs));
      return `${figure(rate(name) / 1000, 0, "k/s")} (${figure(outputs / 1000, 0, "k")} events in ${seconds} ¹)`;
    };
    rows.push([scenario.label, cell(ours), cell(theirs), ratio(rate(ours), rate(theirs))]);
  }
  return [
    {
      title: `SSE: ${EVENTS.toLocaleString("en")} output events through \`stream\`, events per second (medians of ${TRIALS} trials)`,
      columns: ["how the server writes", ours, theirs, "ratio"],
      rows,
      notes: [
        "Each cell: events per second (and the time for all of them): create the prediction, connect, parse and " +
          "yield every event; each event's data is checked. Ratio = dashscope ÷ replicate, higher is faster.",
        "Against the bench's own SSE server (sse-server.mjs) in the same process, not the emulator: its echo-stream " +
          "emits one event per word with a timer in between, so 100 000 events would take minutes there. The server " +
          "pre-renders the events (`id`, `event: output`, one `data:` line: " +
          `${(streamBytes / 1e6).toFixed(1)} MB in all, ${Math.round(streamBytes / EVENTS)} bytes each on average) and ` +
          "yields to the event loop between writes, so the client reads chunks of about that many events.",
        `¹ stopped after ${TRIAL_LIMIT_MILLISECONDS / 1000} s (at the end of the chunk being parsed); the rate is over the events read by then. replicate 1.4 ` +
          "vendors eventsource-parser 1.1.2, whose line scan restarts at the start of its buffer for every line, so a " +
          "chunk of n lines costs O(n²): fine for a few events per chunk, slow for many.",
        "One untimed warm-up pass per client first; the clients take turns.",
      ],
    },
  ];
}
