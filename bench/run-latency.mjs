// `run` latency above the server's own time: how long each client takes to hand back the output of a
// prediction beyond the time the server spent on it, for short and long predictions, against a server
// that long-polls (`Prefer: wait` on GET) and one that does not.
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { CONTESTANT_NAMES, connectContestant, TOKEN } from "./contestants/index.mjs";
import { createQuietEmulator } from "./emulator.mjs";
import { listenWithScaledWait } from "./scaled-wait-server.mjs";
import { median, spread } from "./statistics.mjs";
import { figureWithSpread, ratio } from "./table.mjs";

const TIME_SCALE = 0.05;
/** Short runs vary by a few milliseconds (timers, millisecond timestamps, a shared machine), so they get more trials. */
const SHORT_TRIALS = 21;
const LONG_TRIALS = 5;
/** Model seconds of `dashscope/sleep`; the last one outlives the 60 s `Prefer: wait` window. */
const SHORT_CASES = [0.05, 1, 5];
const LONG_CASE = 70;
/**
 * The long case's trials sleep 66, 68, 70, 72 and 74 s: 0.1 s of real time apart, so that a client
 * polling every 500 ms meets the end of the prediction at five different phases instead of one.
 */
const longCaseSeconds = (trial) => LONG_CASE + (trial - Math.floor(LONG_TRIALS / 2)) * 2;
/** The long case's runs all start together, a little apart so that no two answers collide. */
const LONG_CASE_STAGGER_MILLISECONDS = 25;

const SERVERS = [
  { label: "server long-polls", longPoll: true },
  { label: "server does not long-poll", longPoll: false },
];

async function emulatorJson(emulator, path) {
  const response = await emulator.fetch(
    new Request(`http://127.0.0.1/v1${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }),
  );
  return response.json();
}

/**
 * The server's record of the prediction whose input carries `tag`, once it is terminal (a client may
 * have returned before that). Looked up by tag, not taken from the client, so that `run` is called
 * without a progress callback, as most code calls it.
 */
async function serverRecord(emulator, tag) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const { results } = await emulatorJson(emulator, "/predictions");
    const prediction = results.find((candidate) => candidate.input?.message === tag);
    if (prediction?.completed_at) return prediction;
    await delay(25);
  }
  throw new Error(`The prediction tagged ${tag} did not finish`);
}

let runCount = 0;

/** One `run`, and what the server saw of it. */
async function measureRun(server, contestantName, seconds) {
  const { emulator, contestants } = server;
  const tag = `latency-${++runCount}`;
  const started = performance.now();
  let output;
  let failure;
  try {
    output = await contestants[contestantName].run("dashscope/sleep", { seconds, message: tag });
  } catch (error) {
    failure = error;
  }
  const wall = performance.now() - started;
  const prediction = await serverRecord(emulator, tag);
  const serverMilliseconds = Date.parse(prediction.completed_at) - Date.parse(prediction.created_at);
  const gets = emulator.stats.requests.filter((request) => request.path === `/predictions/${prediction.id}`);
  return {
    overhead: wall - serverMilliseconds,
    requests: 1 + gets.length,
    finished: failure === undefined && output === `slept ${seconds}`,
    failure,
  };
}

function cell(samples) {
  if (samples.some((sample) => sample.failure))
    return `✗ ${samples.find((sample) => sample.failure).failure}`;
  if (samples.some((sample) => !sample.finished)) return "✗ returned unfinished ¹";
  const requests = median(samples.map((sample) => sample.requests));
  return `${figureWithSpread(spread(samples.map((sample) => sample.overhead)), 1, " ms")} · ${requests} req`;
}

const cellRatio = (ours, theirs) =>
  ours.every((sample) => sample.finished) && theirs.every((sample) => sample.finished)
    ? ratio(median(ours.map((sample) => sample.overhead)), median(theirs.map((sample) => sample.overhead)))
    : "–";

export async function run() {
  const servers = [];
  try {
    for (const settings of SERVERS) {
      const emulator = createQuietEmulator({
        timeScale: TIME_SCALE,
        longPoll: settings.longPoll,
        pageSize: 200,
      });
      const listener = await listenWithScaledWait(emulator, TIME_SCALE);
      const contestants = {};
      for (const name of CONTESTANT_NAMES) contestants[name] = await connectContestant(name, listener.url);
      servers.push({ ...settings, emulator, listener, contestants });
    }
    // samples[server][seconds][contestant] = [{ overhead, requests, finished }]
    const samples = servers.map(() => ({}));
    const record = (serverIndex, seconds, name, sample) => {
      samples[serverIndex][seconds] ??= Object.fromEntries(CONTESTANT_NAMES.map((each) => [each, []]));
      samples[serverIndex][seconds][name].push(sample);
    };

    // Short cases one run at a time, after untimed runs that open the connections and warm the code
    // up; the servers and the clients take turns, so that neither goes first every time.
    for (let warmUp = 0; warmUp < 3; warmUp++) {
      for (const server of servers) {
        for (const name of CONTESTANT_NAMES) await measureRun(server, name, SHORT_CASES[0]);
      }
    }
    for (const seconds of SHORT_CASES) {
      for (let trial = 0; trial < SHORT_TRIALS; trial++) {
        for (const [serverIndex, server] of servers.entries()) {
          const names = trial % 2 === 0 ? CONTESTANT_NAMES : [...CONTESTANT_NAMES].reverse();
          for (const name of names)
            record(serverIndex, seconds, name, await measureRun(server, name, seconds));
        }
      }
    }
    // The long case: each run mostly waits, so all of them run side by side.
    const longRuns = [];
    let order = 0;
    for (let trial = 0; trial < LONG_TRIALS; trial++) {
      for (const [serverIndex, server] of servers.entries()) {
        for (const name of CONTESTANT_NAMES) {
          const startAfter = order++ * LONG_CASE_STAGGER_MILLISECONDS;
          longRuns.push(
            delay(startAfter).then(async () =>
              record(serverIndex, LONG_CASE, name, await measureRun(server, name, longCaseSeconds(trial))),
            ),
          );
        }
      }
    }
    await Promise.all(longRuns);

    const [ours, theirs] = CONTESTANT_NAMES;
    const rows = [...SHORT_CASES, LONG_CASE].map((seconds) => [
      seconds === LONG_CASE
        ? `${seconds} s (${longCaseSeconds(0)}–${longCaseSeconds(LONG_TRIALS - 1)} s)`
        : `${seconds} s`,
      ...samples.flatMap((byCase) => [
        cell(byCase[seconds][ours]),
        cell(byCase[seconds][theirs]),
        cellRatio(byCase[seconds][ours], byCase[seconds][theirs]),
      ]),
    ]);
    return [
      {
        title: `run latency above the server's own time (model time ×${TIME_SCALE}; medians of ${SHORT_TRIALS} runs, ${LONG_TRIALS} for 70 s; min–max in brackets)`,
        columns: [
          "prediction (model time)",
          ...SERVERS.flatMap(({ label }) => [`${ours}, ${label}`, `${theirs}, ${label}`, "ratio"]),
        ],
        rows,
        notes: [
          'Each cell: wall time of `run("dashscope/sleep", { seconds })` minus the server\'s own time for that prediction ' +
            "(completed_at − created_at, millisecond timestamps, so ±1 ms), and the requests the run sent (median).",
          `Time scale: the emulator runs model time ${1 / TIME_SCALE}× fast (70 s of sleep takes 3.5 s), and the bench's ` +
            "server (scaled-wait-server.mjs) shrinks `Prefer: wait` windows the same way (60 s → 3 s), so each case meets " +
            "the 60 s window as it would at full speed. The clients' own timing is not scaled: round trips and the " +
            "500 ms poll interval are real, so the figures are real milliseconds, what a user would see at full speed.",
          "Both clients run with their defaults and no progress callback: each creates with `Prefer: wait`; if the " +
            "answer is not final, dashscope long-polls where the server offers it and otherwise polls every 500 ms, " +
            "while replicate polls every 500 ms only if the answer is still `starting`. Differences of a millisecond " +
            "or two are noise. Short cases run one at a time (after untimed warm-up runs), the servers and clients taking turns; the long case's runs " +
            "all at once, started 25 ms apart, at 66–74 s so that the 500 ms polls meet the end at different phases.",
          "¹ replicate 1.4 treats any create answer that is not `starting` as final: when the 60 s window ends with the " +
            "prediction `processing`, `run` resolves at once with `output: null` instead of waiting.",
        ],
      },
    ];
  } finally {
    for (const server of servers) {
      await server.listener.close();
      await server.emulator.close();
    }
  }
}
