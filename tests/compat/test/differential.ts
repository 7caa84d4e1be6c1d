// The differential harness: one call made through dashscope and through replicate 1.4.0, each against
// the same emulator reset to the same seeded state, and what each resolved with, threw and sent.
import { readFileSync } from "node:fs";
import { createEmulator, EMULATOR_TOKEN, type Emulator } from "@dashscope/emulator";
import Dashscope from "dashscope";
import Replicate from "replicate";
import { afterAll, beforeAll, expect } from "vitest";

export type Side = "dashscope" | "replicate";

/** What one request looked like on the wire, as the emulator logged it (`/_emulator/requests`). */
export interface SentRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The headers that say what was asked: the body's type, waiting, streaming, idempotency. */
  headers: Record<string, string>;
}

/** What a call threw, in the terms replicate code checks it by. */
export interface Thrown {
  name: string;
  /** `error.response.status`, where there was an answer. */
  status?: number;
  /** `error.request instanceof Request` and `error.response instanceof Response`, as replicate's `ApiError` has them. */
  request?: boolean;
  response?: boolean;
  /** Whether the message matches the wording replicate code matches on (a case's `wording`). */
  wording?: boolean;
}

export interface Outcome {
  resolved?: unknown;
  thrown?: Thrown;
  requests: SentRequest[];
}

export interface Context {
  /** Ids and objects the setup made, for the call to use. */
  [name: string]: unknown;
}

export interface Case {
  /** What the setup makes, through a dashscope client, before the call (the same on both sides). */
  setup?: (client: Dashscope) => Promise<Context>;
  /** The call, written as replicate code is; `client` is a dashscope or a replicate instance. */
  call: (client: Dashscope, context: Context, side: Side) => Promise<unknown>;
  /** The words replicate code matches on in the error's message. */
  wording?: RegExp;
  /** Which requests to compare (default: all), e.g. only the first of a polling loop. */
  requests?: (sent: SentRequest[]) => SentRequest[];
  /** What of the resolved value to compare (default: all of it), e.g. without logs that grow with time. */
  resolved?: (value: unknown) => unknown;
}

const HEADERS = ["content-type", "prefer", "accept", "last-event-id", "idempotency-key"];
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
// A signed download URL expires a set time after it is made: its expiry and signature move with the
// clock, and the two sides may run in different seconds.
const SIGNED_URL = /([?&]expiry=)\d+(&.*?signature=)[^&]+/;

export const token = EMULATOR_TOKEN;

/** Starts the emulator this file's cases share: seeded, so that a reset gives the same ids again. */
export function useSeededEmulator() {
  const server = {} as { emulator: Emulator; origin: string; baseUrl: string };
  beforeAll(async () => {
    server.emulator = createEmulator({ seed: 23, timeScale: 0.01, pageSize: 2 });
    const { url } = await server.emulator.listen(0, "127.0.0.1");
    server.baseUrl = url;
    server.origin = new URL(url).origin;
  });
  afterAll(() => server.emulator.close());
  return server;
}

// Measured durations, which differ from run to run.
const TIMINGS = new Set(["predict_time", "total_time"]);

/** Timestamps, measured times and signed URLs' expiries differ from run to run; anything else is compared as it is. */
export function normalise(value: unknown, key?: string): unknown {
  if (typeof value === "number" && key && TIMINGS.has(key)) return "<seconds>";
  if (typeof value === "string") {
    return ISO_DATE.test(value) ? "<date>" : value.replace(SIGNED_URL, "$1<expiry>$2<signature>");
  }
  if (value instanceof Response) return { response: value.status };
  if (value instanceof ReadableStream) return { stream: String(value) };
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalise(item, name)]));
  }
  return value;
}

function normaliseRequest(logged: SentRequest & { headers: Record<string, string> }): SentRequest {
  const headers: Record<string, string> = {};
  for (const name of HEADERS) {
    const value = logged.headers[name];
    // replicate names a JSON type even for a request without a body; a type says nothing without one.
    if (name === "content-type" && value === "application/json" && logged.body === null) continue;
    // A multipart body's boundary is random.
    if (value !== undefined) headers[name] = value.replace(/boundary=.+$/, "boundary=<boundary>");
  }
  return { method: logged.method, path: logged.path, query: logged.query, body: logged.body, headers };
}

async function inspect(origin: string, what: "requests" | "reset"): Promise<unknown> {
  const response = await fetch(`${origin}/_emulator/${what}`, { method: what === "reset" ? "POST" : "GET" });
  if (!response.ok) throw new Error(`/_emulator/${what} answered ${response.status}`);
  return what === "requests" ? response.json() : undefined;
}

function thrownOf(error: unknown, wording: RegExp | undefined): Thrown {
  const { name, message, request, response } = error as {
    name: string;
    message: string;
    request?: unknown;
    response?: unknown;
  };
  const thrown: Thrown = { name };
  if (response !== undefined) {
    thrown.status = (response as Response).status;
    thrown.request = request instanceof Request;
    thrown.response = response instanceof Response;
  }
  if (wording) thrown.wording = wording.test(message);
  return thrown;
}

/** Resets the emulator, runs the setup, then the call through `side`'s client, and answers the outcome. */
async function runSide(
  server: { origin: string; baseUrl: string },
  side: Side,
  { setup, call, wording, requests = (sent) => sent, resolved = (value) => value }: Case,
): Promise<Outcome> {
  await inspect(server.origin, "reset");
  const context = (await setup?.(new Dashscope({ auth: token, baseUrl: server.baseUrl }))) ?? {};
  const before = ((await inspect(server.origin, "requests")) as unknown[]).length;
  const client =
    side === "dashscope"
      ? new Dashscope({ auth: token, baseUrl: server.baseUrl })
      : (new Replicate({ auth: token, baseUrl: server.baseUrl }) as unknown as Dashscope);
  const outcome: Outcome = { requests: [] };
  try {
    outcome.resolved = resolved(normalise(await call(client, context, side)));
  } catch (error) {
    outcome.thrown = thrownOf(error, wording);
  }
  // Requests a call leaves running (a cancel after an abort) are logged once they are answered.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const logged = (await inspect(server.origin, "requests")) as Array<SentRequest & { path: string }>;
  outcome.requests = requests(
    logged
      .slice(before)
      .filter((sent) => !sent.path.startsWith("/_emulator"))
      .map(normaliseRequest),
  );
  return outcome;
}

/** The call through each client, one after the other, against the same seeded state. */
export async function differential(
  server: { origin: string; baseUrl: string },
  testCase: Case,
): Promise<{ dashscope: Outcome; replicate: Outcome }> {
  const dashscope = await runSide(server, "dashscope", testCase);
  const replicate = await runSide(server, "replicate", testCase);
  return { dashscope, replicate };
}

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

/**
 * A difference the README documents. `apply` checks that the outcomes differ as documented and takes
 * the difference out of `dashscope`'s outcome, so that what remains must be equal.
 */
export interface Difference {
  /** A line of the README (its "Coming from replicate" section, mostly) that explains it. */
  readme: string;
  apply(outcomes: { dashscope: Outcome; replicate: Outcome }): void;
}

/** Fails when the README no longer has the line that explains a difference. */
export function expectDocumented(difference: Difference): void {
  expect(README, "the README line that documents this difference is gone").toContain(difference.readme);
}
