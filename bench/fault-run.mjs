// A fault run: 200 `run`s against a server that answers 20% of requests with 429 or 503. How many
// runs succeed, and how many predictions the server created for them (more than one per run means a
// retried create ran the model twice).
import { performance } from "node:perf_hooks";
import { CONTESTANT_NAMES, connectContestant, TOKEN } from "./contestants/index.mjs";
import { startCuttingProxy } from "./cutting-proxy.mjs";
import { startEmulator } from "./emulator.mjs";
import { median } from "./statistics.mjs";
import { figure, ratio } from "./table.mjs";

const RUNS = 200;
const SEEDS = [1, 2, 3];
const FAULTS = "429=0.1,503=0.1";
// hello-world takes 4 ms of model time at this scale, and random 429s ask for a 10 ms wait.
const TIME_SCALE = 0.01;
const CREATE_ROUTE = "POST /models/dashscope/hello-world/predictions";
// Cut bodies: a model that runs long enough (2 s at this scale) for a prediction whose run gave up
// midway to be seen still running.
const CUT_RATE = 0.1;
const CUT_MODEL_SECONDS = 200;
const TERMINAL = ["succeeded", "failed", "canceled"];

/** Every prediction the emulator holds, read through its API page by page. */
async function allPredictions(url) {
  const predictions = [];
  for (let next = `${url}/predictions`; next; ) {
    const page = await (await fetch(next, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    predictions.push(...page.results);
    next = page.next;
  }
  return predictions;
}

/** `RUNS` runs through a proxy that cuts off `CUT_RATE` of the 2xx JSON answers halfway. */
async function cutTrial(name, seed) {
  const { url, close } = await startEmulator({ timeScale: TIME_SCALE, seed, pageSize: 100 });
  const proxy = await startCuttingProxy({ target: new URL(url).origin, rate: CUT_RATE, seed });
  try {
    const contestant = await connectContestant(name, `${proxy.origin}/v1`);
    const started = performance.now();
    let running = 0;
    const results = await Promise.allSettled(
      Array.from({ length: RUNS }, (_, index) =>
        // `message` marks the run's predictions (it is only used by a run that fails).
        contestant
          .run("dashscope/sleep", { seconds: CUT_MODEL_SECONDS, message: `run ${index}` })
          .catch(async (error) => {
            // Looked up as soon as the run gives up: is a prediction made for it still running?
            const mine = (await allPredictions(url)).filter(
              (prediction) => prediction.input?.message === `run ${index}`,
            );
            if (mine.some((prediction) => !TERMINAL.includes(prediction.status))) running++;
            throw error;
          }),
      ),
    );
    const wallMilliseconds = performance.now() - started;
    const predictions = await allPredictions(url);
    const failures = {};
    for (const result of results) {
      if (result.status === "rejected") {
        const kind = describeFailure(result.reason);
        failures[kind] = (failures[kind] ?? 0) + 1;
      }
    }
    return {
      succeeded: results.filter(
        (result) => result.status === "fulfilled" && result.value === `slept ${CUT_MODEL_SECONDS}`,
      ).length,
      failures,
      created: predictions.length,
      running,
      cuts: proxy.cuts(),
      wallMilliseconds,
    };
  } finally {
    await proxy.close();
    await close();
  }
}

/** "429", "503", … for an error of either client; the error's name otherwise. */
function describeFailure(error) {
  const status = error?.status ?? error?.response?.status;
  return status ? String(status) : (error?.name ?? "Error");
}

async function trial(name, emulatorOptions, prepare = () => {}) {
  const { emulator, url, close } = await startEmulator({ timeScale: TIME_SCALE, ...emulatorOptions });
  try {
    prepare(emulator);
    const contestant = await connectContestant(name, url);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: RUNS }, (_, index) =>
        contestant.run("dashscope/hello-world", { text: `run ${index}` }),
      ),
    );
    const wallMilliseconds = performance.now() - started;
    const failures = {};
    for (const result of results) {
      if (result.status === "rejected") {
        const kind = describeFailure(result.reason);
        failures[kind] = (failures[kind] ?? 0) + 1;
      }
    }
    const { requests, predictionsCreated } = emulator.stats;
    return {
      succeeded: results.filter(
        (result, index) => result.status === "fulfilled" && result.value === `hello run ${index}`,
      ).length,
      failures,
      created: predictionsCreated,
      requests: requests.length,
      faulted: requests.filter((request) => request.fault !== null).length,
      wallMilliseconds,
    };
  } finally {
    await close();
  }
}

function table(title, samples, notes, extraMeasures = []) {
  const [ours, theirs] = CONTESTANT_NAMES;
  const middle = (name, pick) => median(samples[name].map(pick));
  const measures = [
    ["runs that succeeded", (sample) => sample.succeeded, (value) => `${figure(value, 0)} of ${RUNS}`],
    ["predictions created", (sample) => sample.created, (value) => figure(value, 0)],
    ["predictions created per run", (sample) => sample.created / RUNS, (value) => figure(value, 3)],
    [
      "predictions created per successful run",
      (sample) => sample.created / sample.succeeded,
      (value) => figure(value, 3),
    ],
    ...extraMeasures,
    ["wall time", (sample) => sample.wallMilliseconds, (value) => figure(value, 0, " ms")],
  ];
  const failureSummary = (name) =>
    samples[name]
      .map((sample) =>
        Object.entries(sample.failures)
          .map(([kind, count]) => `${count}× ${kind}`)
          .join(", "),
      )
      .map((text) => text || "none")
      .join(" | ");
  return {
    title,
    columns: ["measure", ours, theirs, "ratio"],
    rows: measures.map(([label, pick, format]) => {
      const [a, b] = [middle(ours, pick), middle(theirs, pick)];
      return [label, format(a), format(b), ratio(a, b)];
    }),
    notes: [
      ...notes,
      `Failed runs, per trial: ${ours}: ${failureSummary(ours)}; ${theirs}: ${failureSummary(theirs)}.`,
    ],
  };
}

export async function run() {
  const random = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
  const lost = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
  for (const seed of SEEDS) {
    for (const name of CONTESTANT_NAMES) {
      random[name].push(await trial(name, { faults: FAULTS, seed }));
      // Faults that strike after the create ran: the prediction exists, but its answer is lost.
      lost[name].push(
        await trial(name, {}, (emulator) => {
          for (let index = 0; index < (RUNS * 0.2) / 2; index++) {
            for (const kind of ["429", "503"])
              emulator.injectFault({ kind, match: CREATE_ROUTE, afterRoute: true });
          }
        }),
      );
    }
  }
  const cut = Object.fromEntries(CONTESTANT_NAMES.map((name) => [name, []]));
  for (const seed of SEEDS) {
    for (const name of CONTESTANT_NAMES) cut[name].push(await cutTrial(name, seed));
  }
  const requestMeasures = [
    ["requests sent", (sample) => sample.requests, (value) => figure(value, 0)],
    ["answers that were faults", (sample) => sample.faulted, (value) => figure(value, 0)],
  ];
  return [
    table(
      `Fault run: ${RUNS} runs, ${FAULTS} (medians of ${SEEDS.length} seeds)`,
      random,
      [
        `Each trial: a fresh emulator with \`faults: "${FAULTS}"\` and seed ${SEEDS.join(", ")}, time scale ${TIME_SCALE}; ` +
          `${RUNS} \`run("dashscope/hello-world")\` at once, each client with its defaults (dashscope: 2 retries, ` +
          "Idempotency-Key on creates, Retry-After honoured; replicate: up to 5 retries of 429 on any request and of " +
          "5xx on GET only, with no pause between them). Counts from `emulator.stats`.",
        "Random faults answer instead of the route, so a faulted create creates nothing: duplicates cannot happen here.",
      ],
      requestMeasures,
    ),
    table(
      `Fault run, answers lost after the create: ${RUNS} runs, the first ${RUNS * 0.2} creates' answers replaced by 429 or 503 (medians of ${SEEDS.length} trials)`,
      lost,
      [
        `The same ${RUNS} runs against an emulator without random faults, with ${RUNS * 0.2} injected faults ` +
          "(`afterRoute: true`, alternately 429 and 503) on the create route: the prediction is created, then its " +
          "answer is replaced, as when a proxy fails on the way back. A retried create without an Idempotency-Key " +
          "creates a second prediction; with one, the server answers the first.",
      ],
      requestMeasures,
    ),
    table(
      `Fault run, cut bodies: ${RUNS} runs, ${CUT_RATE * 100}% of 2xx JSON answers cut off halfway (medians of ${SEEDS.length} seeds)`,
      cut,
      [
        `${RUNS} \`run("dashscope/sleep", { seconds: ${CUT_MODEL_SECONDS} })\` at once (${CUT_MODEL_SECONDS * TIME_SCALE * 1000} ms at time scale ${TIME_SCALE}) through ` +
          "`bench/cutting-proxy.mjs`: it forwards to the emulator and, for a seeded share of the 2xx JSON answers " +
          "(creates and polls alike), sends the headers with the whole Content-Length and half of the body, then " +
          "resets the connection; it drops `Prefer: wait`, so runs poll while their prediction is processing. As soon as a run fails, the predictions made for it (found by a marker in the " +
          "input) are looked up through the API: one still running is a prediction that costs while nobody waits for it.",
      ],
      [
        [
          "failed runs whose prediction was left running",
          (sample) => sample.running,
          (value) => figure(value, 0),
        ],
        ["answers cut off", (sample) => sample.cuts, (value) => figure(value, 0)],
      ],
    ),
  ];
}
