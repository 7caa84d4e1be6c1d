import Dashscope from "dashscope";
import { startEmulator, type TestEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  operationsOf,
  parametersSent,
  recordingFetch,
  requestErrors,
  type SentRequest,
} from "./client-requests.js";
import { operation, operations } from "./contract.js";

const VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";
const FILE_ID = "cneqzikepnug6xezperrr4z55o";

/**
 * How the client reaches each operation of the document, with every query and header parameter the
 * operation has: the table the coverage test holds against the document. Each call is sent to an
 * emulator; what it answers (a 404 for a made-up id) does not matter here, only what was sent.
 */
const CLIENT: Record<string, { method: string; call: (dashscope: Dashscope) => Promise<unknown> }> = {
  "account.get": { method: "accounts.current()", call: (d) => d.accounts.current() },
  "collections.list": { method: "collections.list()", call: (d) => d.collections.list() },
  "collections.get": { method: "collections.get(slug)", call: (d) => d.collections.get("image-editing") },
  "deployments.list": { method: "deployments.list()", call: (d) => d.deployments.list() },
  "deployments.create": {
    method: "deployments.create({ name, model, version, hardware, min_instances, max_instances })",
    call: (d) =>
      d.deployments.create({
        name: "conformance",
        model: "dashscope/hello-world",
        version: VERSION,
        hardware: "cpu",
        min_instances: 0,
        max_instances: 1,
      }),
  },
  "deployments.get": {
    method: "deployments.get(owner, name)",
    call: (d) => d.deployments.get("alice", "web"),
  },
  "deployments.update": {
    method: "deployments.update(owner, name, fields)",
    call: (d) => d.deployments.update("alice", "web", { min_instances: 1 }),
  },
  "deployments.delete": {
    method: "deployments.delete(owner, name)",
    call: (d) => d.deployments.delete("alice", "web"),
  },
  "deployments.predictions.create": {
    method: "deployments.predictions.create(owner, name, { input, wait, cancelAfter })",
    call: (d) =>
      d.deployments.predictions.create("alice", "web", { input: { text: "a" }, wait: 5, cancelAfter: "5m" }),
  },
  "files.list": { method: "files.list()", call: (d) => d.files.list() },
  "files.create": {
    method: "files.create(blob, { filename, metadata })",
    call: (d) =>
      d.files.create(new Blob(["hello"], { type: "text/plain" }), { filename: "a.txt", metadata: { n: 1 } }),
  },
  "files.get": { method: "files.get(id)", call: (d) => d.files.get(FILE_ID) },
  "files.delete": { method: "files.delete(id)", call: (d) => d.files.delete(FILE_ID) },
  "files.download": {
    method: "files.download(id, { owner, expiry, signature })",
    call: (d) => d.files.download(FILE_ID, { owner: "alice", expiry: 1708515345, signature: "zuog+/=" }),
  },
  "hardware.list": { method: "hardware.list()", call: (d) => d.hardware.list() },
  "models.list": {
    method: "models.list({ sort_by, sort_direction })",
    call: (d) => d.models.list({ sort_by: "model_created_at", sort_direction: "asc" }),
  },
  "models.create": {
    method: "models.create(owner, name, { visibility, hardware, … })",
    call: (d) =>
      d.models.create("alice", "hot-dog", { visibility: "private", hardware: "cpu", description: "d" }),
  },
  "models.search": { method: "models.search(query)", call: (d) => d.models.search("hello") },
  "models.get": { method: "models.get(owner, name)", call: (d) => d.models.get("dashscope", "hello-world") },
  "models.update": {
    method: "models.update(owner, name, fields)",
    call: (d) =>
      d.models.update("alice", "hot-dog", { description: "d", readme: "# R", weights_url: "https://w.test" }),
  },
  "models.delete": { method: "models.delete(owner, name)", call: (d) => d.models.delete("alice", "hot-dog") },
  "models.examples.list": {
    method: "models.examples.list(owner, name)",
    call: (d) => d.models.examples.list("dashscope", "hello-world"),
  },
  "models.predictions.create": {
    method: "predictions.create({ model, input, wait, cancelAfter }) (and run, stream)",
    call: (d) =>
      d.predictions.create({
        model: "dashscope/hello-world",
        input: { text: "a" },
        wait: true,
        cancelAfter: 30,
      }),
  },
  "models.readme.get": {
    method: "models.readme.get(owner, name)",
    call: (d) => d.models.readme.get("dashscope", "hello-world"),
  },
  "models.versions.list": {
    method: "models.versions.list(owner, name)",
    call: (d) => d.models.versions.list("dashscope", "hello-world"),
  },
  "models.versions.get": {
    method: "models.versions.get(owner, name, versionId)",
    call: (d) => d.models.versions.get("dashscope", "hello-world", VERSION),
  },
  "models.versions.delete": {
    method: "models.versions.delete(owner, name, versionId)",
    call: (d) => d.models.versions.delete("alice", "hot-dog", VERSION),
  },
  "trainings.create": {
    method: "trainings.create(owner, name, version, { destination, input })",
    call: (d) =>
      d.trainings.create("dashscope", "hello-world", VERSION, { destination: "alice/tuned", input: {} }),
  },
  "predictions.list": {
    method: "predictions.list({ created_after, created_before, source })",
    call: (d) =>
      d.predictions.list({
        created_after: new Date("2026-01-01T00:00:00Z"),
        created_before: "2026-02-01T00:00:00Z",
        source: "web",
      }),
  },
  "predictions.create": {
    method: "predictions.create({ version, input, wait, cancelAfter })",
    call: (d) =>
      d.predictions.create({ version: VERSION, input: { text: "a" }, wait: 5, cancelAfter: "1h30m45s" }),
  },
  "predictions.get": { method: "predictions.get(id)", call: (d) => d.predictions.get(FILE_ID) },
  "predictions.cancel": { method: "predictions.cancel(id)", call: (d) => d.predictions.cancel(FILE_ID) },
  search: { method: "search(query, { limit })", call: (d) => d.search("nano banana", { limit: 10 }) },
  "trainings.list": { method: "trainings.list()", call: (d) => d.trainings.list() },
  "trainings.get": { method: "trainings.get(id)", call: (d) => d.trainings.get(FILE_ID) },
  "trainings.cancel": { method: "trainings.cancel(id)", call: (d) => d.trainings.cancel(FILE_ID) },
  "webhooks.default.secret.get": {
    method: "webhooks.default.secret.get()",
    call: (d) => d.webhooks.default.secret.get(),
  },
};

/** More ways in to the same operations, each checked like the table's: what `run`, `stream` and `paginate` send. */
const MORE: Array<[string, string, (dashscope: Dashscope) => Promise<unknown>]> = [
  [
    "models.predictions.create",
    "run(model, { input, cancelAfter })",
    (d) => d.run("dashscope/hello-world", { input: { text: "a" }, cancelAfter: "10s" }),
  ],
  [
    "predictions.create",
    "run(model:version, { input, wait: { mode: 'poll' } })",
    (d) => d.run(`dashscope/hello-world:${VERSION}`, { input: { text: "a" }, wait: { mode: "poll" } }),
  ],
  [
    "models.predictions.create",
    "stream(model, { input, cancelAfter })",
    async (d) => {
      for await (const _ of d.stream("dashscope/echo-stream", { input: { prompt: "a" }, cancelAfter: 60 })) {
        // Read to the end.
      }
    },
  ],
  [
    "predictions.list",
    "paginate(predictions.list, { source })",
    async (d) => {
      for await (const _ of d.paginate(d.predictions.list, { source: "web" })) {
        // The first page is enough: its request is the one checked.
      }
    },
  ],
];

let emulated: TestEmulator;
const sent: SentRequest[] = [];
let dashscope: Dashscope;

/** The requests `call` sends, whatever the emulator answers. */
async function requestsOf(call: (dashscope: Dashscope) => Promise<unknown>): Promise<SentRequest[]> {
  const before = sent.length;
  await call(dashscope).catch(() => {});
  return sent.slice(before);
}

beforeAll(async () => {
  emulated = await startEmulator();
  dashscope = new Dashscope({
    auth: "emulator-token",
    baseUrl: emulated.url,
    fetch: recordingFetch(emulated.url, sent),
    maxRetries: 0,
  });
});
afterAll(() => emulated.close());

describe("every client method's request, against the document's operation", () => {
  it.each(Object.entries(CLIENT))("%s, sent by dashscope.%s", async (id, { call }) => {
    const [request, ...others] = await requestsOf(call);
    expect(request, "nothing was sent").toBeDefined();
    const request_ = request as SentRequest;
    expect(operationsOf(request_).map(({ id: matched }) => matched)).toEqual([id]);
    expect(requestErrors(operation(id), request_)).toEqual([]);
    // Whatever follows (a wait's GETs) is checked against its own operation.
    for (const next of others) {
      const [matched] = operationsOf(next);
      expect(matched, `${next.method} ${next.path} is no operation of the document`).toBeDefined();
      if (matched) expect(requestErrors(matched, next)).toEqual([]);
    }
  });

  it.each(MORE)("%s, sent by dashscope.%s", async (id, _method, call) => {
    const requests = await requestsOf(call);
    expect(requests.map((request) => operationsOf(request)[0]?.id)).toContain(id);
    for (const request of requests.filter((candidate) => !candidate.path.startsWith("/streams/"))) {
      const [matched] = operationsOf(request);
      expect(matched, `${request.method} ${request.path} is no operation of the document`).toBeDefined();
      if (matched) expect(requestErrors(matched, request), `${request.method} ${request.path}`).toEqual([]);
    }
  });

  it("a bad request is caught: the check can fail", () => {
    const request: SentRequest = {
      method: "GET",
      path: "/search",
      query: new URLSearchParams({ limit: "51", sort: "x" }),
      headers: new Headers(),
      contentType: null,
      body: undefined,
    };
    expect(requestErrors(operation("search"), request)).toEqual([
      "query limit=51: must be <= 50",
      "query parameter sort is not one of search's",
      "required query parameter query is missing",
    ]);
    const prefer = { ...request, method: "POST", path: "/predictions", query: new URLSearchParams() };
    expect(
      requestErrors(operation("predictions.create"), {
        ...prefer,
        headers: new Headers({ Prefer: "wait=0" }),
      }),
    ).toEqual(['header Prefer: wait=0 must match pattern "^wait(=([1-9]|[1-9][0-9]|60))?$"']);
  });
});

describe("coverage: the client reaches every operation and sends every parameter of the document", () => {
  it("has a client method for each of the document's operations, and no other", () => {
    expect(Object.keys(CLIENT).sort()).toEqual(operations.map(({ id }) => id).sort());
    expect(operations).toHaveLength(37);
  });

  it("sends every query and header parameter of each operation through an option", async () => {
    const documented = operations.flatMap(({ id, parameters }) =>
      parameters.map((parameter) => `${id} ${parameter.in}:${parameter.name}`),
    );
    const reached = new Set<string>();
    for (const [id, { call }] of Object.entries(CLIENT)) {
      const [request] = await requestsOf(call);
      if (request)
        for (const parameter of parametersSent(operation(id), request)) reached.add(`${id} ${parameter}`);
    }
    expect(documented.filter((parameter) => !reached.has(parameter))).toEqual([]);
    expect(documented).toHaveLength(16);
  });
});
