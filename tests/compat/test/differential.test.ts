// The same calls through replicate 1.4.0 and through dashscope, against one emulator reset to the same
// seeded state before each side: what each resolves with, what each throws and which requests each sends
// must be equal, except where the README documents a difference (DIFFERENCES below).
import { createHmac } from "node:crypto";
import Dashscope, { validateWebhook } from "dashscope";
import Replicate from "replicate";
import { describe, expect, it } from "vitest";
import {
  type Case,
  type Context,
  type Difference,
  differential,
  expectDocumented,
  type Outcome,
  type SentRequest,
  useSeededEmulator,
} from "./differential";

const server = useSeededEmulator();

const HELLO = "dashscope/hello-world";

/** Creates `count` finished predictions of hello-world. */
const finishedPredictions = (count: number) => async (client: Dashscope) => {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    await client.run(HELLO, { input: { text: `n${index}` } });
    ids.push(await latestId(client));
  }
  return { ids, id: ids[0] };
};

async function latestId(client: Dashscope): Promise<string> {
  return (await client.predictions.list()).results[0]?.id as string;
}

const helloVersion = async (client: Dashscope) => ({
  version: (await client.models.get("dashscope", "hello-world")).latest_version?.id as string,
});

/** Only the requests that match, e.g. the create of a run whose polling depends on timing. */
const only =
  (pattern: RegExp) =>
  (sent: SentRequest[]): SentRequest[] =>
    sent.filter((request) => pattern.test(`${request.method} ${request.path}`));

const aborted = () => AbortSignal.abort();

async function collectEvents(events: AsyncIterable<{ event: string; data: unknown; id?: string }>) {
  const seen: Array<{ event: string; data: string; id: string | undefined }> = [];
  for await (const { event, data, id } of events) seen.push({ event, data: String(data), id });
  return seen;
}

/** Takes a header out of dashscope's requests after checking that each of them carried it. */
function dropHeaderOfOurs(outcome: Outcome, header: string, which: RegExp): void {
  for (const request of outcome.requests) {
    if (!which.test(`${request.method} ${request.path}`)) continue;
    expect(request.headers[header], `${request.method} ${request.path} carries ${header}`).toBeDefined();
    delete request.headers[header];
  }
}

// Every difference the README documents that these calls show, with the line that explains it.
const DIFFERENCES = {
  idempotencyKey: {
    readme:
      "every create carries an `Idempotency-Key` and is retried after a `5xx` or a lost connection, without making two predictions",
    apply({ dashscope }) {
      dropHeaderOfOurs(dashscope, "idempotency-key", /^POST /);
    },
  },
  longPoll: {
    readme: "It long-polls where the server holds answers (`Prefer: wait`)",
    apply({ dashscope }) {
      for (const request of dashscope.requests) {
        if (request.method === "GET" && request.headers.prefer) {
          expect(request.headers.prefer).toMatch(/^wait=\d+$/);
          delete request.headers.prefer;
        }
      }
    },
  },
  typedErrors: {
    readme: "`Prediction failed: <error>`), with typed classes and guards",
    apply({ dashscope, replicate }) {
      // replicate throws a plain `Error` where dashscope has a class of its own; the words are the same.
      expect(replicate.thrown?.name).toBe("Error");
      expect(dashscope.thrown?.name).toMatch(/^[A-Z]\w+Error$/);
      (dashscope.thrown as { name: string }).name = "Error";
    },
  },
  streamField: {
    readme: "Creates a prediction with `stream: true` and yields its server-sent events.",
    apply({ dashscope, replicate }) {
      // replicate 1.4 leaves the field out and counts on the service to stream anyway.
      const [ours, theirs] = [dashscope.requests[0]?.body, replicate.requests[0]?.body] as Array<
        Record<string, unknown>
      >;
      expect(ours?.stream).toBe(true);
      expect(theirs).not.toHaveProperty("stream");
      delete ours?.stream;
    },
  },
  searchBody: {
    readme: 'replicate 1.4 sends it JSON-encoded (`"hello"`, quotes included) under the same type',
    apply({ dashscope, replicate }) {
      const [ours, theirs] = [dashscope.requests[0], replicate.requests[0]] as [SentRequest, SentRequest];
      expect(theirs.body).toBe(JSON.stringify(ours.body));
      ours.body = theirs.body;
    },
  },
  abortedRun: {
    readme: "| an aborted `run` cancels the prediction and resolves with its unfinished output |",
    apply({ dashscope, replicate }) {
      // replicate creates the prediction (it does not pass the signal on), then cancels it and resolves.
      expect(dashscope.thrown?.name).toBe("AbortError");
      expect(replicate.thrown).toBeUndefined();
      expect(dashscope.requests).toEqual([]);
      dashscope.thrown = undefined;
      dashscope.resolved = replicate.resolved;
      dashscope.requests = replicate.requests;
    },
  },
  abortedPaginate: {
    readme: "| `paginate` with an aborted `signal` ends the iteration after the page it has |",
    apply({ dashscope, replicate }) {
      expect(dashscope.thrown?.name).toBe("AbortError");
      expect(replicate.thrown).toBeUndefined();
      dashscope.thrown = undefined;
      dashscope.resolved = replicate.resolved;
      dashscope.requests = replicate.requests;
    },
  },
} satisfies Record<string, Difference>;

type DifferenceName = keyof typeof DIFFERENCES;

interface Row extends Case {
  differences?: DifferenceName[];
}

const CASES: Record<string, Row> = {
  // The methods of the class.
  run: {
    call: (client) => client.run(HELLO, { input: { text: "Alice" } }),
    differences: ["idempotencyKey"],
  },
  "run with wait: { mode: 'poll' }": {
    call: (client) => client.run(HELLO, { input: { text: "Bob" }, wait: { mode: "poll", interval: 10 } }),
    requests: only(/^POST /),
    differences: ["idempotencyKey"],
  },
  stream: {
    call: (client) => collectEvents(client.stream("dashscope/echo-stream", { input: { prompt: "one two" } })),
    differences: ["idempotencyKey", "streamField"],
  },
  wait: {
    setup: async (client) => ({
      prediction: await client.predictions.create({ model: HELLO, input: { text: "w" } }),
    }),
    call: (client, { prediction }) => client.wait(prediction as never, { interval: 10 }),
    requests: (sent) => sent.slice(0, 1),
    differences: ["longPoll"],
  },
  paginate: {
    setup: finishedPredictions(3),
    call: async (client) => {
      const pages: string[][] = [];
      for await (const page of client.paginate(client.predictions.list)) pages.push(page.map((p) => p.id));
      return pages;
    },
  },
  "request (GET, params)": {
    setup: finishedPredictions(3),
    call: async (client) => {
      const response = await client.request("/predictions", { method: "GET", params: { cursor: "" } });
      return { status: response.status, body: await response.json() };
    },
  },
  "request (POST, data)": {
    call: async (client) => {
      const response = await client.request(`/models/${HELLO}/predictions`, {
        method: "POST",
        data: { input: { text: "raw" } },
      });
      return { status: response.status, body: await response.json() };
    },
  },

  // predictions.*
  "predictions.create (model, webhook)": {
    call: (client) =>
      client.predictions.create({
        model: HELLO,
        input: { text: "c" },
        // The emulator delivers webhooks to loopback only; nothing listens on port 9.
        webhook: "http://127.0.0.1:9/hook",
        webhook_events_filter: ["completed"],
      }),
    differences: ["idempotencyKey"],
  },
  "predictions.create (version, wait)": {
    setup: helloVersion,
    call: (client, { version }) =>
      client.predictions.create({ version: version as string, input: { text: "v" }, wait: 5 }),
    differences: ["idempotencyKey"],
  },
  "predictions.get": {
    setup: finishedPredictions(1),
    call: (client, { id }) => client.predictions.get(id as string),
  },
  "predictions.cancel": {
    setup: async (client) => ({
      id: (await client.predictions.create({ model: "dashscope/sleep", input: { seconds: 600 } })).id,
    }),
    call: (client, { id }) => client.predictions.cancel(id as string),
  },
  "predictions.list": {
    setup: finishedPredictions(3),
    call: (client) => client.predictions.list(),
  },

  // models.*, versions, collections, hardware
  "models.get": { call: (client) => client.models.get("dashscope", "hello-world") },
  "models.list": { call: (client) => client.models.list() },
  "models.create": {
    call: (client) =>
      client.models.create("dashscope", "my-model", { visibility: "private", hardware: "cpu" }),
    differences: ["idempotencyKey"],
  },
  "models.search": { call: (client) => client.models.search("hello"), differences: ["searchBody"] },
  "models.versions.list": { call: (client) => client.models.versions.list("dashscope", "hello-world") },
  "models.versions.get": {
    setup: helloVersion,
    call: (client, { version }) => client.models.versions.get("dashscope", "hello-world", version as string),
  },
  "collections.list": { call: (client) => client.collections.list() },
  "collections.get": {
    setup: async (client) => ({ slug: (await client.collections.list()).results[0]?.slug }),
    call: (client, { slug }) => client.collections.get(slug as string),
  },
  "hardware.list": { call: (client) => client.hardware.list() },

  // trainings.*
  "trainings.create": {
    setup: trainerVersion,
    call: (client, { version }) =>
      client.trainings.create("dashscope", "tiny-trainer", version as string, {
        destination: "dashscope/trained",
        input: { steps: 1 },
      }),
    differences: ["idempotencyKey"],
  },
  "trainings.get": {
    setup: async (client) => ({ id: (await client.trainings.wait(await startTraining(client))).id }),
    call: (client, { id }) => client.trainings.get(id as string),
  },
  "trainings.cancel": {
    // Long enough to be running still when it is canceled.
    setup: async (client) => ({ id: (await startTraining(client, 1000)).id }),
    call: (client, { id }) => client.trainings.cancel(id as string),
    // How many steps it logged before the cancel depends on timing: only the first line is compared.
    resolved: (training) => ({
      ...(training as object),
      logs: (training as { logs: string }).logs.split("\n")[0],
    }),
  },
  "trainings.list": {
    setup: async (client) => ({ id: (await client.trainings.wait(await startTraining(client))).id }),
    call: (client) => client.trainings.list(),
  },

  // deployments.*
  "deployments.create": {
    setup: helloVersion,
    call: (client, { version }) => client.deployments.create(deploymentConfig(version as string)),
    differences: ["idempotencyKey"],
  },
  "deployments.get": {
    setup: makeDeployment,
    call: (client) => client.deployments.get("dashscope", "differential"),
  },
  "deployments.list": { setup: makeDeployment, call: (client) => client.deployments.list() },
  "deployments.update": {
    setup: makeDeployment,
    call: (client) => client.deployments.update("dashscope", "differential", { max_instances: 3 }),
  },
  "deployments.delete": {
    setup: makeDeployment,
    call: (client) => client.deployments.delete("dashscope", "differential"),
  },
  "deployments.predictions.create": {
    setup: makeDeployment,
    call: (client) =>
      client.deployments.predictions.create("dashscope", "differential", { input: { text: "d" } }),
    differences: ["idempotencyKey"],
  },

  // files.*
  // A File: a Blob's name is replicate's `blob_<Date.now()>`, which no two runs share.
  "files.create": {
    call: (client) =>
      client.files.create(new File(["hello"], "hello.txt", { type: "text/plain" }), { purpose: "test" }),
    differences: ["idempotencyKey"],
  },
  "files.get": { setup: makeFile, call: (client, { id }) => client.files.get(id as string) },
  "files.list": { setup: makeFile, call: (client) => client.files.list() },
  "files.delete": { setup: makeFile, call: (client, { id }) => client.files.delete(id as string) },

  // accounts, webhooks
  "accounts.current": { call: (client) => client.accounts.current() },
  "webhooks.default.secret.get": { call: (client) => client.webhooks.default.secret.get() },

  // Errors.
  "404: predictions.get of an unknown id": {
    wording: /^Request to \S+ failed with status 404 /,
    call: (client) => client.predictions.get("aaaaaaaaaaaaaaaaaaaaaaaaaa"),
  },
  "404: models.get of an unknown model": {
    wording: /^Request to \S+ failed with status 404 /,
    call: (client) => client.models.get("nobody", "nothing"),
  },
  "422: an input the model refuses": {
    wording: /^Request to \S+ failed with status 422 /,
    call: (client) => client.predictions.create({ model: HELLO, input: { text: 42 } }),
    differences: ["idempotencyKey"],
  },
  "401: a token the service does not know": {
    wording: /^Request to \S+ failed with status 401 /,
    call: (client, _context, side) => {
      const Client = side === "dashscope" ? Dashscope : (Replicate as unknown as typeof Dashscope);
      return new Client({ auth: "not-a-token", baseUrl: client.baseUrl }).accounts.current();
    },
  },
  "a bad webhook URL": {
    call: (client) => client.predictions.create({ model: HELLO, input: { text: "x" }, webhook: "not a url" }),
    wording: /^Invalid webhook URL/,
    differences: ["typedErrors"],
  },
  "a failed prediction: run": {
    call: (client) => client.run("dashscope/sleep", { input: { seconds: 0, fail: true } }),
    wording: /^Prediction failed: /,
    differences: ["idempotencyKey", "typedErrors"],
  },
  "an aborted signal: predictions.get": {
    setup: finishedPredictions(1),
    call: (client, { id }) => client.predictions.get(id as string, { signal: aborted() }),
  },
  "an aborted signal: run": {
    call: (client) => client.run(HELLO, { input: { text: "a" }, signal: aborted() }),
    differences: ["abortedRun"],
  },
  "an aborted signal: paginate": {
    setup: finishedPredictions(3),
    call: async (client) => {
      const pages: string[][] = [];
      const controller = new AbortController();
      for await (const page of client.paginate(client.predictions.list, { signal: controller.signal })) {
        pages.push(page.map((p) => p.id));
        controller.abort();
      }
      return pages;
    },
    differences: ["abortedPaginate"],
  },
};

async function trainerVersion(client: Dashscope): Promise<Context> {
  return { version: (await client.models.get("dashscope", "tiny-trainer")).latest_version?.id as string };
}

async function startTraining(client: Dashscope, steps = 1) {
  const { version } = await trainerVersion(client);
  return client.trainings.create("dashscope", "tiny-trainer", version as string, {
    destination: "dashscope/trained",
    input: { steps },
  });
}

function deploymentConfig(version: string) {
  return {
    name: "differential",
    model: HELLO,
    version,
    hardware: "cpu",
    min_instances: 0,
    max_instances: 1,
  };
}

async function makeDeployment(client: Dashscope): Promise<Context> {
  const { version } = await helloVersion(client);
  await client.deployments.create(deploymentConfig(version));
  return {};
}

async function makeFile(client: Dashscope): Promise<Context> {
  return { id: (await client.files.create(new Blob(["kept"], { type: "text/plain" }))).id };
}

describe("dashscope and replicate 1.4.0, call by call", () => {
  it.each(Object.entries(CASES))("%s", async (_name, { differences = [], ...testCase }) => {
    const outcomes = await differential(server, testCase);
    for (const name of differences) {
      expectDocumented(DIFFERENCES[name]);
      DIFFERENCES[name].apply(outcomes);
    }
    expect(outcomes.dashscope).toEqual(outcomes.replicate);
  });

  it("validateWebhook: the same answer for a signed webhook and for one whose body changed", async () => {
    const secret = `whsec_${Buffer.from("differential secret").toString("base64")}`;
    const body = JSON.stringify({ id: "p1", status: "succeeded" });
    const signed = (text: string) => {
      const id = "msg_1";
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
        .update(`${id}.${timestamp}.${body}`)
        .digest("base64");
      return new Request("https://example.com/hook", {
        method: "POST",
        headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` },
        body: text,
      });
    };
    const theirs = (Replicate as unknown as { validateWebhook: typeof validateWebhook }).validateWebhook;
    const answers = async (validate: typeof validateWebhook) => [
      await validate(signed(body), secret),
      await validate(signed(`${body} `), secret),
    ];
    expect(await answers(validateWebhook)).toEqual([true, false]);
    expect(await answers(theirs)).toEqual(await answers(validateWebhook));
  });

  it("lists each documented difference with a README line that is still there", () => {
    for (const difference of Object.values(DIFFERENCES)) expectDocumented(difference);
  });
});
