import Dashscope, { isInvalidArgumentError } from "dashscope";
import { describe, expect, it } from "vitest";
import { outcomeOf } from "./helpers/outcome";
import { recordingClient } from "./helpers/recording-fetch";

/** A value of the wrong type, on purpose. */
const bad = (value: unknown) => value as never;
const PREDICTION = { id: "abcdefghijklmnopqrstuvwxyz", status: "starting" } as never;
const VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";
const RELEASE = { version: VERSION, hardware: "cpu", min_instances: 0, max_instances: 1 };

interface Row {
  /** The function, and what is wrong with the call. */
  call: string;
  /** The call itself, on a client whose fetch records instead of sending. */
  run: (dashscope: Dashscope) => unknown;
  /** The names the error may give the argument (`error.argument`). */
  names: string[];
  /** Set when the client gets this wrong today: what happens instead. */
  bug?: string;
}

// Every public function of the `Dashscope` class, with missing, mistyped and out-of-range arguments.
const ROWS: Row[] = [
  // The constructor.
  { call: "new Dashscope: auth mistyped", run: () => new Dashscope({ auth: bad(42) }), names: ["auth"] },
  {
    call: "new Dashscope: baseUrl mistyped",
    run: () => new Dashscope({ baseUrl: bad(42) }),
    names: ["baseUrl"],
  },
  {
    call: "new Dashscope: baseUrl not http(s)",
    run: () => new Dashscope({ baseUrl: "ftp://x/v1" }),
    names: ["baseUrl"],
  },
  {
    call: "new Dashscope: fetch mistyped",
    run: () => new Dashscope({ fetch: bad("fetch") }),
    names: ["fetch"],
  },
  {
    call: "new Dashscope: maxRetries below 0",
    run: () => new Dashscope({ maxRetries: -1 }),
    names: ["maxRetries"],
  },
  {
    call: "new Dashscope: maxRetries fractional",
    run: () => new Dashscope({ maxRetries: 1.5 }),
    names: ["maxRetries"],
  },
  {
    call: "new Dashscope: maxRetries mistyped",
    run: () => new Dashscope({ maxRetries: bad("2") }),
    names: ["maxRetries"],
  },
  { call: "new Dashscope: timeout 0", run: () => new Dashscope({ timeout: 0 }), names: ["timeout"] },
  {
    call: "new Dashscope: timeout mistyped",
    run: () => new Dashscope({ timeout: bad("10") }),
    names: ["timeout"],
  },
  {
    call: "new Dashscope: fileEncodingStrategy unknown",
    run: () => new Dashscope({ fileEncodingStrategy: bad("uplod") }),
    names: ["fileEncodingStrategy"],
  },
  {
    call: "new Dashscope: options mistyped (a token string)",
    run: () => new Dashscope(bad("r8_token")),
    names: ["options"],
  },
  {
    call: "new Dashscope: headers mistyped",
    run: () => new Dashscope({ headers: bad("x-key: value") }),
    names: ["headers"],
  },
  {
    call: "new Dashscope: userAgent mistyped",
    run: () => new Dashscope({ userAgent: bad(42) }),
    names: ["userAgent"],
  },
  {
    call: "new Dashscope: useFileOutput mistyped",
    run: () => new Dashscope({ useFileOutput: bad("true") }),
    names: ["useFileOutput"],
  },

  // run
  {
    call: "run: identifier missing",
    run: (d) => d.run(bad(undefined), { input: {} }),
    names: ["model identifier"],
  },
  {
    call: "run: identifier mistyped",
    run: (d) => d.run(bad(42), { input: {} }),
    names: ["model identifier"],
  },
  {
    call: "run: identifier with a version that is not one path segment",
    run: (d) => d.run("a/b:12/34", { input: {} }),
    names: ["model identifier"],
  },
  { call: "run: identifier with ..", run: (d) => d.run("../b", { input: {} }), names: ["model identifier"] },
  {
    call: "run: options missing",
    run: (d) => d.run("a/b", bad(undefined)),
    names: ["options", "input"],
  },
  { call: "run: input missing", run: (d) => d.run("a/b", bad({})), names: ["input"] },
  { call: "run: input mistyped", run: (d) => d.run("a/b", { input: bad("hello") }), names: ["input"] },
  {
    call: "run: wait.mode unknown",
    run: (d) => d.run("a/b", { input: {}, wait: { mode: bad("fast") } }),
    names: ["wait.mode"],
  },
  {
    call: "run: wait.timeout below 0",
    run: (d) => d.run("a/b", { input: {}, wait: { timeout: -1 } }),
    names: ["wait.timeout"],
  },
  {
    call: "run: wait.timeout mistyped",
    run: (d) => d.run("a/b", { input: {}, wait: { timeout: bad("10") } }),
    names: ["wait.timeout"],
  },
  {
    call: "run: wait.interval below 0",
    run: (d) => d.run("a/b", { input: {}, wait: { interval: -5 } }),
    names: ["wait.interval"],
  },
  {
    call: "run: wait.interval mistyped",
    run: (d) => d.run("a/b", { input: {}, wait: { interval: bad("soon") } }),
    names: ["wait.interval"],
  },
  {
    call: "run: webhook not http(s)",
    run: (d) => d.run("a/b", { input: {}, webhook: "ftp://x" }),
    names: ["webhook"],
  },
  {
    call: "run: webhook_events_filter unknown event",
    run: (d) => d.run("a/b", { input: {}, webhook_events_filter: bad(["finished"]) }),
    names: ["webhook_events_filter"],
  },
  {
    call: "run: webhook_events_filter mistyped",
    run: (d) => d.run("a/b", { input: {}, webhook_events_filter: bad("completed") }),
    names: ["webhook_events_filter"],
  },
  {
    call: "run: signal mistyped",
    run: (d) => d.run("a/b", { input: {}, signal: bad("stop") }),
    names: ["signal"],
  },
  {
    call: "run: progress mistyped",
    run: (d) => d.run("a/b", { input: {} }, bad("log")),
    names: ["progress"],
  },

  // stream (errors come on the first read: nothing is sent before it)
  {
    call: "stream: identifier mistyped",
    run: (d) => d.stream(bad(42), { input: {} }),
    names: ["model identifier"],
  },
  {
    call: "stream: options missing",
    run: (d) => d.stream("a/b", bad(undefined)),
    names: ["options", "input"],
  },
  {
    call: "stream: maxReconnects below 0",
    run: (d) => d.stream("a/b", { input: {}, maxReconnects: -1 }),
    names: ["maxReconnects"],
  },
  {
    call: "stream: input missing",
    run: async (d) => {
      for await (const _event of d.stream("a/b", bad({}))) break;
    },
    names: ["input"],
  },

  // wait
  {
    call: "wait: prediction missing",
    run: (d) => d.wait(bad(undefined)),
    names: ["prediction", "prediction.id"],
  },
  {
    call: "wait: prediction mistyped",
    run: (d) => d.wait(bad("abc")),
    names: ["prediction", "prediction.id"],
  },
  {
    call: "wait: interval below 0",
    run: (d) => d.wait(PREDICTION, { interval: -1 }),
    names: ["interval", "options.interval"],
  },
  {
    call: "wait: timeout mistyped",
    run: (d) => d.wait(PREDICTION, { timeout: bad("abc") }),
    names: ["timeout", "options.timeout"],
  },
  {
    call: "wait: timeout below 0",
    run: (d) => d.wait(PREDICTION, { timeout: -5 }),
    names: ["timeout", "options.timeout"],
  },
  {
    call: "wait: onUpdate mistyped",
    run: (d) => d.wait(PREDICTION, {}, bad("log")),
    names: ["onUpdate"],
  },

  // paginate
  {
    call: "paginate: first page missing",
    run: (d) => d.paginate(bad(undefined)).next(),
    names: ["first", "list"],
  },
  {
    call: "paginate: first page mistyped",
    run: (d) => d.paginate(bad("predictions")).next(),
    names: ["first", "list"],
  },

  // request
  {
    call: "request: route missing",
    run: (d) => d.request(bad(undefined)),
    names: ["route"],
  },
  {
    call: "request: route mistyped",
    run: (d) => d.request(bad(42)),
    names: ["route"],
  },
  {
    call: "request: method mistyped",
    run: (d) => d.request("/account", { method: bad(5) }),
    names: ["method"],
  },
  {
    call: "request: timeout below 0",
    run: (d) => d.request("/account", { timeout: -5 }),
    names: ["timeout"],
  },
  {
    call: "request: maxRetries below 0",
    run: (d) => d.request("/account", { maxRetries: -1 }),
    names: ["maxRetries"],
  },

  // models, hardware, collections
  { call: "models.get: owner missing", run: (d) => d.models.get(bad(undefined), "b"), names: ["owner"] },
  { call: "models.get: name missing", run: (d) => d.models.get("a", bad(undefined)), names: ["name"] },
  { call: "models.get: owner mistyped", run: (d) => d.models.get(bad(42), "b"), names: ["owner"] },
  { call: "models.get: owner with a slash", run: (d) => d.models.get("a/b", "c"), names: ["owner"] },
  { call: "models.list: cursor mistyped", run: (d) => d.models.list({ cursor: bad(5) }), names: ["cursor"] },
  {
    call: "models.create: options missing",
    run: (d) => d.models.create("a", "b", bad(undefined)),
    names: ["visibility"],
  },
  {
    call: "models.create: visibility unknown",
    run: (d) => d.models.create("a", "b", { visibility: bad("secret"), hardware: "cpu" }),
    names: ["visibility"],
  },
  {
    call: "models.create: hardware mistyped",
    run: (d) => d.models.create("a", "b", { visibility: "public", hardware: bad(1) }),
    names: ["hardware"],
  },
  { call: "models.create: name with ..", run: (d) => d.models.create("a", "..", bad({})), names: ["name"] },
  { call: "models.search: query missing", run: (d) => d.models.search(bad(undefined)), names: ["query"] },
  { call: "models.search: query blank", run: (d) => d.models.search("   "), names: ["query"] },
  {
    call: "models.versions.list: name missing",
    run: (d) => d.models.versions.list("a", bad(undefined)),
    names: ["name"],
  },
  {
    call: "models.versions.list: cursor empty",
    run: (d) => d.models.versions.list("a", "b", { cursor: "" }),
    names: ["cursor"],
  },
  {
    call: "models.versions.get: versionId missing",
    run: (d) => d.models.versions.get("a", "b", bad(undefined)),
    names: ["versionId"],
  },
  {
    call: "hardware.list: signal mistyped",
    run: (d) => d.hardware.list({ signal: bad("stop") }),
    names: ["signal"],
  },
  {
    call: "collections.list: cursor mistyped",
    run: (d) => d.collections.list({ cursor: bad(5) }),
    names: ["cursor"],
  },
  { call: "collections.get: slug missing", run: (d) => d.collections.get(bad(undefined)), names: ["slug"] },

  // predictions
  {
    call: "predictions.create: options missing",
    run: (d) => d.predictions.create(bad(undefined)),
    names: ["options", "version", "model"],
  },
  {
    call: "predictions.create: neither version nor model",
    run: (d) => d.predictions.create(bad({ input: {} })),
    names: ["version", "model"],
  },
  {
    call: "predictions.create: both version and model",
    run: (d) => d.predictions.create(bad({ version: VERSION, model: "a/b", input: {} })),
    names: ["version", "model"],
  },
  {
    call: "predictions.create: version holding a slash",
    run: (d) => d.predictions.create({ version: "a/b", input: {} }),
    names: ["version"],
  },
  {
    call: "predictions.create: input missing",
    run: (d) => d.predictions.create(bad({ model: "a/b" })),
    names: ["input"],
  },
  {
    call: "predictions.create: wait above 60",
    run: (d) => d.predictions.create({ model: "a/b", input: {}, wait: 61 }),
    names: ["wait"],
  },
  {
    call: "predictions.create: wait mistyped",
    run: (d) => d.predictions.create({ model: "a/b", input: {}, wait: bad("yes") }),
    names: ["wait"],
  },
  {
    call: "predictions.create: stream mistyped",
    run: (d) => d.predictions.create({ model: "a/b", input: {}, stream: bad("yes") }),
    names: ["stream"],
  },
  { call: "predictions.get: id missing", run: (d) => d.predictions.get(bad(undefined)), names: ["id"] },
  { call: "predictions.get: id mistyped", run: (d) => d.predictions.get(bad(42)), names: ["id"] },
  { call: "predictions.cancel: id with a slash", run: (d) => d.predictions.cancel("a/../b"), names: ["id"] },
  {
    call: "predictions.list: cursor mistyped",
    run: (d) => d.predictions.list({ cursor: bad(5) }),
    names: ["cursor"],
  },

  // trainings
  {
    call: "trainings.create: version missing",
    run: (d) => d.trainings.create("a", "b", bad(undefined), bad({})),
    names: ["version"],
  },
  {
    call: "trainings.create: options missing",
    run: (d) => d.trainings.create("a", "b", VERSION, bad(undefined)),
    names: ["destination"],
  },
  {
    call: "trainings.create: destination malformed",
    run: (d) => d.trainings.create("a", "b", VERSION, { destination: "no-slash" as never, input: {} }),
    names: ["destination"],
  },
  {
    call: "trainings.create: input mistyped",
    run: (d) => d.trainings.create("a", "b", VERSION, { destination: "a/b", input: bad(3) }),
    names: ["input"],
  },
  { call: "trainings.get: id missing", run: (d) => d.trainings.get(bad(undefined)), names: ["id"] },
  { call: "trainings.cancel: id missing", run: (d) => d.trainings.cancel(bad(undefined)), names: ["id"] },
  {
    call: "trainings.list: cursor mistyped",
    run: (d) => d.trainings.list({ cursor: bad(5) }),
    names: ["cursor"],
  },
  {
    call: "trainings.wait: training missing",
    run: (d) => d.trainings.wait(bad(undefined)),
    names: ["training", "training.id"],
  },

  // deployments
  {
    call: "deployments.get: owner missing",
    run: (d) => d.deployments.get(bad(undefined), "b"),
    names: ["owner"],
  },
  {
    call: "deployments.list: cursor mistyped",
    run: (d) => d.deployments.list({ cursor: bad(5) }),
    names: ["cursor"],
  },
  {
    call: "deployments.create: options missing",
    run: (d) => d.deployments.create(bad(undefined)),
    names: ["name"],
  },
  {
    call: "deployments.create: model malformed",
    run: (d) => d.deployments.create({ name: "d", model: "nope", ...RELEASE }),
    names: ["model"],
  },
  {
    call: "deployments.create: min_instances below 0",
    run: (d) => d.deployments.create({ name: "d", model: "a/b", ...RELEASE, min_instances: -1 }),
    names: ["min_instances"],
  },
  {
    call: "deployments.create: min_instances above max_instances",
    run: (d) =>
      d.deployments.create({ name: "d", model: "a/b", ...RELEASE, min_instances: 3, max_instances: 1 }),
    names: ["min_instances", "max_instances"],
  },
  {
    call: "deployments.create: hardware mistyped",
    run: (d) => d.deployments.create({ name: "d", model: "a/b", ...RELEASE, hardware: bad(1) }),
    names: ["hardware"],
  },
  {
    call: "deployments.update: nothing to change",
    run: (d) => d.deployments.update("a", "b", {}),
    names: ["options"],
  },
  {
    call: "deployments.update: options missing",
    run: (d) => d.deployments.update("a", "b", bad(undefined)),
    names: ["options"],
  },
  {
    call: "deployments.update: max_instances fractional",
    run: (d) => d.deployments.update("a", "b", { max_instances: 1.5 }),
    names: ["max_instances"],
  },
  {
    call: "deployments.delete: name missing",
    run: (d) => d.deployments.delete("a", bad(undefined)),
    names: ["name"],
  },
  {
    call: "deployments.predictions.create: options missing",
    run: (d) => d.deployments.predictions.create("a", "b", bad(undefined)),
    names: ["input"],
  },
  {
    call: "deployments.predictions.create: wait 0",
    run: (d) => d.deployments.predictions.create("a", "b", { input: {}, wait: 0 }),
    names: ["wait"],
  },
  {
    call: "deployments.predictions.create: stream mistyped",
    run: (d) => d.deployments.predictions.create("a", "b", { input: {}, stream: bad("yes") }),
    names: ["stream"],
  },

  // files
  { call: "files.create: content missing", run: (d) => d.files.create(bad(undefined)), names: ["content"] },
  { call: "files.create: content mistyped", run: (d) => d.files.create(bad("text")), names: ["content"] },
  {
    call: "files.create: filename mistyped",
    run: (d) => d.files.create(new Blob(["x"]), { filename: bad(42) }),
    names: ["filename"],
  },
  {
    call: "files.create: metadata mistyped",
    run: (d) => d.files.create(new Blob(["x"]), { metadata: bad("x") }),
    names: ["metadata"],
  },
  {
    call: "models.update: fields missing",
    run: (d) => d.models.update("a", "b", bad(undefined)),
    names: ["fields"],
  },
  {
    call: "models.update: a field mistyped",
    run: (d) => d.models.update("a", "b", { description: bad(42) }),
    names: ["fields.description"],
  },
  {
    call: "models.update: owner with a slash",
    run: (d) => d.models.update("a/b", "c", {}),
    names: ["owner"],
  },
  { call: "models.delete: name with ..", run: (d) => d.models.delete("a", ".."), names: ["name"] },
  {
    call: "models.versions.delete: versionId missing",
    run: (d) => d.models.versions.delete("a", "b", bad(undefined)),
    names: ["versionId"],
  },
  {
    call: "models.examples.list: owner missing",
    run: (d) => d.models.examples.list(bad(undefined), "b"),
    names: ["owner"],
  },
  { call: "models.readme.get: name mistyped", run: (d) => d.models.readme.get("a", bad(7)), names: ["name"] },
  { call: "search: query empty", run: (d) => d.search(""), names: ["query"] },
  { call: "search: limit out of range", run: (d) => d.search("cats", { limit: 51 }), names: ["limit"] },
  {
    call: "files.download: signature missing",
    run: (d) => d.files.download("abc", { owner: "a", expiry: 1, signature: bad(undefined) }),
    names: ["signature"],
  },
  { call: "files.download: id with ..", run: (d) => d.files.download("..", bad({})), names: ["id"] },
  { call: "files.get: id missing", run: (d) => d.files.get(bad(undefined)), names: ["id"] },
  {
    call: "files.list: cursor mistyped",
    run: (d) => d.files.list({ cursor: bad(5) }),
    names: ["cursor"],
  },
  { call: "files.delete: id with ..", run: (d) => d.files.delete(".."), names: ["id"] },

  // accounts, webhooks
  {
    call: "accounts.current: signal mistyped",
    run: (d) => d.accounts.current({ signal: bad("stop") }),
    names: ["signal"],
  },
  {
    call: "webhooks.default.secret.get: signal mistyped",
    run: (d) => d.webhooks.default.secret.get({ signal: bad(42) }),
    names: ["signal"],
  },
];

describe("arguments a user can get wrong: an InvalidArgumentError naming the argument, and nothing sent", () => {
  for (const row of ROWS) {
    const test = row.bug ? it.fails : it;
    test(row.call, async () => {
      const { dashscope, calls } = recordingClient();
      const outcome = await outcomeOf(() => row.run(dashscope));
      expect(outcome.ok, `${row.call} was accepted`).toBe(false);
      const error = outcome.ok ? undefined : outcome.error;
      expect(isInvalidArgumentError(error), String(error)).toBe(true);
      expect(row.names).toContain((error as { argument: string }).argument);
      expect((error as Error).message).toContain((error as { argument: string }).argument);
      expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([]);
    });
  }

  it("covers every public function of the Dashscope class", () => {
    const dashscope = new Dashscope({ auth: "x" });
    const functions: string[] = [];
    const walk = (value: unknown, path: string) => {
      for (const [key, item] of Object.entries(value as object)) {
        if (typeof item === "function") functions.push(`${path}${key}`);
        else if (item && typeof item === "object" && !Array.isArray(item) && key !== "headers")
          walk(item, `${path}${key}.`);
      }
    };
    walk(dashscope, "");
    const covered = new Set(ROWS.map((row) => row.call.split(":")[0]));
    // fetch and the file strategies are the client's settings (functions since file I/O is opt-in), not calls.
    const settings = ["fetch", "fileEncodingStrategy", "useFileOutput"];
    expect(functions.filter((name) => !settings.includes(name) && !covered.has(name))).toEqual([]);
    expect(covered.has("new Dashscope")).toBe(true);
  });
});
