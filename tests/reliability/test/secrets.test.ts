import Dashscope, { isInvalidArgumentError, isMissingAuthError } from "dashscope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, startCorpusServer } from "./helpers/corpus-server";
import { startEmulator, type TestEmulator } from "./helpers/emulator";
import { MALFORMED_CORPUS, PREDICTION_ID } from "./helpers/malformed-corpus";
import { eventually, type Outcome, outcomeOf, rejectionOf } from "./helpers/outcome";
import { captureOutput } from "./helpers/output-capture";
import { answer, type RawRequest, type RawServer, startRawServer } from "./helpers/raw-server";
import { secretExposures } from "./helpers/secret-exposure";

const TOKEN = "r8_reliability-SECRET-token-7f3a9c";
// A header the README promises is sent to the API's origin only, like the token.
const HEADER_SECRET = "hdr-reliability-SECRET-5e1d";

/** Where the token (or the secret header) shows up in what a server received. */
function secretsIn(requests: readonly RawRequest[]): string[] {
  return requests.flatMap((request) => {
    const text = `${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body.toString("latin1")}`;
    return [TOKEN, HEADER_SECRET]
      .filter((secret) => text.includes(secret))
      .map((secret) => `${secret} in ${request.method} ${request.url}`);
  });
}

// Cases whose error still shows the token (a bug): marked `it.fails` below and left out of the output check.
const KNOWN_LEAKS: string[] = [];

describe("the token never appears in an error or in the output, across the whole error corpus", () => {
  let corpusServer: RawServer;
  let elsewhere: RawServer;
  let emulator: TestEmulator;
  const outcomes = new Map<string, Outcome<unknown>>();
  let output = "";

  beforeAll(async () => {
    elsewhere = await startRawServer((_request, response) => answer(response, 200, {}));
    corpusServer = await startCorpusServer(MALFORMED_CORPUS, () => elsewhere.origin);
    emulator = await startEmulator({ tokens: [TOKEN] });
    const capture = captureOutput({ passThrough: false });
    try {
      // Every corpus answer again, all at once, with the secrets configured.
      const corpusRuns = MALFORMED_CORPUS.map(async (corpusCase, index) => {
        if (corpusCase.hangs) return;
        const context = contextFor(corpusServer, index, elsewhere.origin);
        const dashscope = new Dashscope({
          auth: TOKEN,
          baseUrl: context.baseUrl,
          headers: { "x-secret": HEADER_SECRET },
          maxRetries: 0,
          ...corpusCase.clientOptions,
        });
        outcomes.set(
          `corpus: ${corpusCase.name}`,
          await outcomeOf(() => corpusCase.call(dashscope, context)),
        );
      });
      // And the errors a real server gives: failures, cancels, bad input, aborts, timeouts, streams.
      const dashscope = emulator.client({ auth: TOKEN });
      const emulatorRuns = Object.entries({
        "a failed prediction": () =>
          dashscope.run("dashscope/sleep", { input: { seconds: 0.1, fail: true, message: "boom" } }),
        "a 422 for bad input": () => dashscope.run("dashscope/hello-world", { input: { text: 42 } }),
        "a 404": () => dashscope.predictions.get(PREDICTION_ID),
        "an abort": () =>
          dashscope.run("dashscope/sleep", { input: { seconds: 1000 }, signal: AbortSignal.timeout(200) }),
        "a run deadline": () =>
          dashscope.run("dashscope/sleep", { input: { seconds: 1000 }, signal: AbortSignal.timeout(1200) }),
        "a stream error": async () => {
          for await (const _event of dashscope.stream("dashscope/echo-stream", {
            input: { prompt: "a b c", fail_after: 1 },
          })) {
            // Read to the end.
          }
        },
        "a refused connection": () =>
          new Dashscope({ auth: TOKEN, baseUrl: "http://127.0.0.1:9/v1", maxRetries: 0 }).accounts.current(),
        "a bad argument": () => dashscope.models.get("a/b", "c"),
        "a wrong token": () =>
          new Dashscope({ auth: `${TOKEN}-wrong`, baseUrl: emulator.url }).accounts.current(),
      }).map(async ([name, call]) => {
        outcomes.set(`emulator: ${name}`, await outcomeOf(call));
      });
      await Promise.all([...corpusRuns, ...emulatorRuns]);
      // Whatever the errors would print, printed the ways users print them.
      for (const [name, outcome] of outcomes) {
        if (outcome.ok || KNOWN_LEAKS.includes(name)) continue;
        console.error(outcome.error);
        console.log(`${outcome.error}`, JSON.stringify(outcome.error));
      }
    } finally {
      capture.stop();
      output = capture.text();
    }
  }, 30_000);

  afterAll(async () => {
    await corpusServer.close();
    await elsewhere.close();
    await emulator.close();
  });

  it("produced an error for every case but those that end well", () => {
    const resolved = [...outcomes.entries()].filter(([, outcome]) => outcome.ok).map(([name]) => name);
    expect(resolved.sort()).toEqual(
      [
        "corpus: a 50 MB JSON answer (read whole into memory, as the body of a 2xx must be)",
        "corpus: JSON served as text/html with status 200 (read as JSON, as documented)",
        "corpus: an event stream with garbage lines between its events",
      ].sort(),
    );
  });

  for (const name of [
    ...MALFORMED_CORPUS.filter((corpusCase) => !corpusCase.hangs).map(
      (corpusCase) => `corpus: ${corpusCase.name}`,
    ),
    ...[
      "a failed prediction",
      "a 422 for bad input",
      "a 404",
      "an abort",
      "a run deadline",
      "a stream error",
      "a refused connection",
      "a bad argument",
      "a wrong token",
    ].map((name) => `emulator: ${name}`),
  ]) {
    const test = KNOWN_LEAKS.includes(name) ? it.fails : it;
    test(`no token in the error of ${name}`, () => {
      const outcome = outcomes.get(name);
      expect(outcome).toBeDefined();
      if (outcome && !outcome.ok) expect(secretExposures(outcome.error, TOKEN)).toEqual([]);
    });
  }

  it("no token in anything written to the console, stdout or stderr (the known leaks aside)", () => {
    expect(output.length).toBeGreaterThan(0);
    expect(output.includes(TOKEN)).toBe(false);
  });
});

describe("a malformed token", () => {
  it("a missing token fails before the network, saying how to set one", async () => {
    const error = await rejectionOf(() =>
      new Dashscope({ auth: "", baseUrl: "http://127.0.0.1:9/v1" }).accounts.current(),
    );
    expect(isMissingAuthError(error)).toBe(true);
    expect((error as Error).message).toMatch(/DASHSCOPE_API_TOKEN/);
  });

  // A token with a line break or NUL inside (pasted, or read from a file) would make `Headers.set`
  // throw a bare TypeError whose message is the whole header value, token included.
  it.each([
    ["a CR LF inside", `${TOKEN}\r\nX-Injected: yes`],
    ["a NUL inside", `${TOKEN}\u0000`],
  ])("a token with %s is refused as an invalid auth, without showing it", async (_name, auth) => {
    const error = await rejectionOf(() =>
      new Dashscope({ auth, baseUrl: "http://127.0.0.1:9/v1", maxRetries: 0 }).accounts.current(),
    );
    expect(isInvalidArgumentError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ argument: "auth" });
    expect(secretExposures(error, TOKEN)).toEqual([]);
  });
});

describe("the token never leaves the configured origin", () => {
  let api: RawServer;
  let recorder: RawServer;
  let emulator: TestEmulator;
  // How the raw API server answers, per test.
  let route: (request: RawRequest, response: import("node:http").ServerResponse) => void = () => {};

  beforeAll(async () => {
    recorder = await startRawServer((request, response) => {
      if (request.url.startsWith("/stream")) {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.end("id: 1\nevent: output\ndata: hi\n\nid: 2\nevent: done\ndata: {}\n\n");
        return;
      }
      answer(response, 200, { type: "user", username: "elsewhere", name: "Elsewhere" });
    });
    api = await startRawServer((request, response) => route(request, response));
    emulator = await startEmulator({ tokens: [TOKEN] });
  });

  afterAll(async () => {
    await api.close();
    await recorder.close();
    await emulator.close();
  });

  function client(options: { useFileOutput?: boolean } = {}) {
    return new Dashscope({
      auth: TOKEN,
      baseUrl: `${api.origin}/v1`,
      headers: { "x-secret": HEADER_SECRET },
      maxRetries: 0,
      ...options,
    });
  }

  function succeededPrediction(output: unknown, stream?: string) {
    return {
      id: PREDICTION_ID,
      status: "succeeded",
      input: {},
      output,
      urls: { get: `${api.origin}/v1/predictions/${PREDICTION_ID}`, ...(stream ? { stream } : {}) },
    };
  }

  it("does send it to its own origin (so the checks below mean something)", async () => {
    route = (_request, response) => answer(response, 200, { type: "user", username: "u", name: "U" });
    const before = api.requests.length;
    await client().accounts.current();
    expect(api.requests[before]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("not to a `next` page on another origin", async () => {
    const before = recorder.requests.length;
    route = (_request, response) =>
      answer(response, 200, {
        previous: null,
        next: `${recorder.origin}/v1/predictions?cursor=x`,
        results: [],
      });
    const dashscope = client();
    await rejectionOf(async () => {
      for await (const _page of dashscope.paginate(dashscope.predictions.list)) {
        // Walk every page.
      }
    });
    expect(recorder.requests.slice(before)).toEqual([]);
  });

  it("not to a page URL given as a cursor", async () => {
    route = (_request, response) => answer(response, 200, { previous: null, next: null, results: [] });
    const before = recorder.requests.length;
    await client().predictions.list({ cursor: `${recorder.origin}/v1/predictions?cursor=abc` });
    expect(recorder.requests.slice(before)).toEqual([]);
    expect(api.requests.at(-1)?.url).toBe("/v1/predictions?cursor=abc");
  });

  it("not to a stream URL on another origin", async () => {
    route = (_request, response) =>
      answer(response, 201, {
        ...succeededPrediction(null, `${recorder.origin}/stream/1`),
        status: "starting",
      });
    const before = recorder.requests.length;
    const events = [];
    for await (const event of client().stream("owner/model", { input: {} })) events.push(event.event);
    expect(events).toEqual(["output", "done"]);
    const received = recorder.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(secretsIn(received)).toEqual([]);
  });

  it.each([
    ["another origin", () => `${recorder.origin}/files/out.png`],
    ["the API's own origin (downloads are capabilities)", () => `${api.origin}/files/out.png`],
  ])("not to a file output on %s", async (_name, fileUrl) => {
    route = (request, response) =>
      request.url.startsWith("/files/")
        ? answer(response, 200, "PNG", { "content-type": "image/png" })
        : answer(response, 201, succeededPrediction([fileUrl()]));
    const beforeRecorder = recorder.requests.length;
    const beforeApi = api.requests.length;
    const [file] = (await client({ useFileOutput: true }).run("owner/model", { input: {} })) as Array<{
      blob(): Promise<Blob>;
    }>;
    expect(await file?.blob()).toBeInstanceOf(Blob);
    const downloads = [...recorder.requests.slice(beforeRecorder), ...api.requests.slice(beforeApi)].filter(
      (request) => request.url.startsWith("/files/"),
    );
    expect(downloads).toHaveLength(1);
    expect(secretsIn(downloads)).toEqual([]);
  });

  it("not to an absolute URL on another origin passed to request()", async () => {
    const before = recorder.requests.length;
    await client().request(`${recorder.origin}/v1/account`);
    expect(recorder.requests.slice(before)).toHaveLength(1);
    expect(secretsIn(recorder.requests.slice(before))).toEqual([]);
  });

  it("not to a webhook URL (the server calls it, with nothing of the client's)", async () => {
    const before = recorder.requests.length;
    await emulator.client({ auth: TOKEN }).run("dashscope/hello-world", {
      input: { text: "webhook" },
      webhook: `${recorder.origin}/webhook`,
      webhook_events_filter: ["completed"],
    });
    expect(await eventually(() => recorder.requests.length > before)).toBe(true);
    const deliveries = recorder.requests.slice(before);
    expect(deliveries[0]?.url).toBe("/webhook");
    expect(secretsIn(deliveries)).toEqual([]);
  });

  describe.each([301, 302, 303, 307, 308])("after a %i redirect to another origin", (status) => {
    function redirecting() {
      route = (request, response) => {
        response.writeHead(status, { location: `${recorder.origin}${request.url}` });
        response.end();
      };
    }

    it("the token is not sent", async () => {
      redirecting();
      const before = recorder.requests.length;
      await client().request("/account", status >= 307 ? { method: "POST", body: { redirected: true } } : {});
      const received = recorder.requests.slice(before);
      expect(received).toHaveLength(1);
      expect(received[0]?.headers.authorization).toBeUndefined();
      expect(JSON.stringify(received[0]?.headers)).not.toContain(TOKEN);
    });

    // fetch drops only `Authorization` on a cross-origin redirect: `request` follows redirects from
    // the API itself, so that no other header of the client's (an API gateway key, say) goes along.
    it("the client's own headers are not sent either", async () => {
      redirecting();
      const before = recorder.requests.length;
      await client().request("/account", status >= 307 ? { method: "POST", body: { redirected: true } } : {});
      expect(secretsIn(recorder.requests.slice(before))).toEqual([]);
    });
  });
});
