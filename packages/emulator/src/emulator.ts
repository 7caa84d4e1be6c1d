import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { refusedByHost, refusedByOrigin, resolveAccessPolicy } from "./access-policy";
import { Clock, SleepInterruptedError } from "./clock";
import { applyCorsHeaders, preflightResponse } from "./cors";
import {
  ACCOUNT,
  API_PREFIX,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REQUEST_LOG_BODY_BYTES,
  DEFAULT_REQUEST_LOG_LIMIT,
  EMULATOR_TOKEN,
} from "./defaults";
import { defineModel, type ModelDefinition } from "./define-model";
import type { EmulatorContext, EmulatorSettings } from "./emulator-context";
import { type FaultDecision, FaultInjector, faultResponse, resolveFaultRates } from "./faults";
import { HttpProblem, problemResponse } from "./http-problem";
import { IdempotencyStore } from "./idempotency";
import { IdSource } from "./ids";
import { INSPECTION_PREFIX, inspectionResponse } from "./inspection";
import { isLoopbackHost } from "./loopback";
import { addStartingContent } from "./models/add-starting-content";
import { BUILT_IN_MODELS } from "./models/catalogue";
import { ConnectionResetSignal, createNodeServer } from "./node-server";
import { readBody } from "./request-body";
import { RequestLog } from "./request-log";
import { createRouteContext, matchRoute, type Route } from "./router";
import { accountRoutes } from "./routes/account";
import { collectionRoutes } from "./routes/collections";
import { deliveryRoutes } from "./routes/delivery";
import { deploymentRoutes } from "./routes/deployments";
import { fileRoutes } from "./routes/files";
import { hardwareRoutes } from "./routes/hardware";
import { modelRoutes } from "./routes/models";
import { predictionRoutes } from "./routes/predictions";
import { searchRoutes } from "./routes/search";
import { streamRoutes } from "./routes/streams";
import { trainingRoutes } from "./routes/trainings";
import { webhookRoutes } from "./routes/webhooks";
import { runJson } from "./run-json";
import { EmulatorState } from "./state";
import { createStats } from "./stats";
import type { Emulator, EmulatorOptions, ListeningAddress, ReceivedRequest, RecordedRequest } from "./types";
import { WebhookSender } from "./webhooks";

/** How long `close()` lets answers in flight finish before it drops their connections. */
const CLOSE_GRACE_MILLISECONDS = 250;

const ROUTES: readonly Route[] = [
  ...accountRoutes,
  ...modelRoutes,
  ...collectionRoutes,
  ...hardwareRoutes,
  ...predictionRoutes,
  ...trainingRoutes,
  ...deploymentRoutes,
  ...fileRoutes,
  ...webhookRoutes,
  ...streamRoutes,
  ...deliveryRoutes,
  ...searchRoutes,
];

function positiveNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`The emulator option \`${name}\` must be a positive number.`);
  }
  return value;
}

function wholeNumber(name: string, value: number | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`The emulator option \`${name}\` must be a whole number of ${minimum} or more.`);
  }
  return value;
}

function resolveSettings(options: EmulatorOptions): EmulatorSettings {
  const tokens = options.tokens ?? [EMULATOR_TOKEN];
  if (
    !Array.isArray(tokens) ||
    tokens.length === 0 ||
    tokens.some((token) => typeof token !== "string" || token === "")
  ) {
    throw new RangeError("The emulator option `tokens` must be a non-empty list of non-empty strings.");
  }
  const pageSize = positiveNumber("pageSize", options.pageSize, DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageSize)) throw new RangeError("The emulator option `pageSize` must be an integer.");
  return {
    tokens,
    timeScale: positiveNumber("timeScale", options.timeScale, 1),
    pageSize,
    longPoll: options.longPoll ?? true,
    maxBodyBytes: positiveNumber("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    maxJsonDepth: wholeNumber("maxJsonDepth", options.maxJsonDepth, DEFAULT_MAX_JSON_DEPTH, 1),
    requestLogLimit: wholeNumber("requestLogLimit", options.requestLogLimit, DEFAULT_REQUEST_LOG_LIMIT, 1),
    requestLogBodyBytes: wholeNumber(
      "requestLogBodyBytes",
      options.requestLogBodyBytes,
      DEFAULT_REQUEST_LOG_BODY_BYTES,
      0,
    ),
    access: resolveAccessPolicy(options),
  };
}

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

function resolveModels(options: EmulatorOptions): readonly ModelDefinition[] {
  const models = options.models ?? [];
  if (!Array.isArray(models)) {
    throw new RangeError("The emulator option `models` must be an array of models from defineModel.");
  }
  const definitions = models.map((model) => defineModel(model));
  const builtInNames = new Set(
    options.builtins === false ? [] : BUILT_IN_MODELS.map((model) => `${ACCOUNT.username}/${model.name}`),
  );
  const names = new Set<string>();
  for (const { owner, name } of definitions) {
    const fullName = `${owner}/${name}`;
    if (builtInNames.has(fullName)) {
      throw new RangeError(
        `The model ${fullName} is defined twice: a built-in model has that name (builtins: false leaves them out).`,
      );
    }
    if (names.has(fullName)) throw new RangeError(`The model ${fullName} is defined twice.`);
    names.add(fullName);
  }
  const pinned = new Map<string, string>();
  for (const { owner, name, version } of definitions) {
    if (version === null) continue;
    const other = pinned.get(version);
    if (other) {
      throw new RangeError(`The version id ${version} is pinned by both ${other} and ${owner}/${name}.`);
    }
    pinned.set(version, `${owner}/${name}`);
  }
  return definitions;
}

function resolveWebhookSecret(options: EmulatorOptions): string {
  if (options.webhookSecret === undefined) return new IdSource(options.seed).webhookSecret();
  if (typeof options.webhookSecret !== "string" || !WEBHOOK_SECRET.test(options.webhookSecret)) {
    throw new RangeError("The emulator option `webhookSecret` must be `whsec_` followed by base64.");
  }
  return options.webhookSecret;
}

/** Headers that carry credentials: the request log shows that they came, never what they said. */
const CREDENTIAL_HEADERS = new Set(["cookie", "x-api-key", "proxy-authorization"]);

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name === "authorization") headers[name] = "Bearer [redacted]";
    else headers[name] = CREDENTIAL_HEADERS.has(name) ? "[redacted]" : value;
  });
  return headers;
}

/**
 * `Authorization: Bearer <token>`, or `Token <token>` as the service also takes (older apps and its
 * own examples send it), with one of the accepted tokens.
 */
function isAuthorized(request: Request, tokens: readonly string[]): boolean {
  const match = /^(?:bearer|token)\s+(.+)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  return match?.[1] !== undefined && tokens.includes(match[1].trim());
}

/**
 * Characters of a path or header value kept in a `stats.requests` record. The record is kept for every
 * request, so that counts stay exact: what one request puts there must stay small (Node takes up to
 * 16 KiB of request line and headers).
 */
const RECORDED_TEXT_LENGTH = 1024;

function recordedText(text: string): string {
  return text.length > RECORDED_TEXT_LENGTH ? `${text.slice(0, RECORDED_TEXT_LENGTH)}…` : text;
}

function recordedHeader(request: Request, name: string): string | null {
  const value = request.headers.get(name);
  return value === null ? null : recordedText(value);
}

/** Turns whatever a route threw into its problem+json answer. */
function problemFor(error: unknown): Response {
  if (error instanceof HttpProblem) return error.toResponse();
  if (error instanceof SleepInterruptedError) return problemResponse(503, "The emulator is shutting down.");
  return problemResponse(
    500,
    `The emulator failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

async function answerOrProblem(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    return problemFor(error);
  }
}

/** Creates an emulator; it serves in process through `fetch` at once, and over HTTP after `listen`. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const settings = resolveSettings(options);
  if (options.clock !== undefined && options.clock !== "real" && options.clock !== "manual") {
    throw new RangeError('The emulator option `clock` must be "real" or "manual".');
  }
  const models = resolveModels(options);
  const builtins = options.builtins ?? true;
  const webhookSecret = resolveWebhookSecret(options);
  const faultRates = resolveFaultRates(options.faults);
  const clock = new Clock(settings.timeScale, options.clock === "manual");
  const stats = createStats();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  // The composition root: the state is filled here with the models' behaviours, from the floor above it.
  const newState = () => {
    const state = new EmulatorState({ ids: new IdSource(options.seed), now: () => clock.date() });
    addStartingContent(state, { builtins, models });
    return state;
  };
  const emulator: EmulatorContext = {
    settings,
    state: newState(),
    clock,
    stats,
    faults: new FaultInjector(faultRates, seed, settings.timeScale),
    webhooks: new WebhookSender(
      webhookSecret,
      clock,
      stats,
      () => emulator.state.ids,
      (record) => runJson(record, record.init.origin),
    ),
    idempotency: new IdempotencyStore(),
  };
  const requestLog = new RequestLog({
    maxEntries: settings.requestLogLimit,
    maxBodyBytes: settings.requestLogBodyBytes,
    maxJsonDepth: settings.maxJsonDepth,
  });
  let server: Server | null = null;
  let closing: Promise<void> | null = null;
  // Off once listening on an address other machines can reach: what a test inspects stays on loopback.
  let inspectable = true;

  function reset(): void {
    // Deliveries first, so the cancels below send nothing.
    emulator.webhooks.reset();
    const previous = emulator.state;
    emulator.state = newState();
    for (const record of [...previous.predictions.values(), ...previous.trainings.values()]) record.cancel();
    emulator.idempotency = new IdempotencyStore();
    emulator.faults.reset(faultRates);
    stats.reset();
    requestLog.clear();
  }

  /** Answers one request; throws `ConnectionResetSignal` when the answer is to drop the connection. */
  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const underApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = underApi ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
    // Before anything is read, logged or done: a page that may not call the emulator gets nothing.
    const refused = refusedByOrigin(settings.access, request);
    if (refused) return refused;
    if (url.pathname === INSPECTION_PREFIX || url.pathname.startsWith(`${INSPECTION_PREFIX}/`)) {
      const response =
        inspectable && !clock.disposed
          ? await inspectionResponse(request, url.pathname, emulator, {
              requests: requestLog.entries,
              reset,
              advance: (milliseconds) => clock.advance(milliseconds),
            })
          : problemResponse(404, `Nothing is served at ${url.pathname}.`);
      // No X-Request-Id: these are not API answers, and a seeded sequence must not depend on inspecting.
      applyCorsHeaders(request, response.headers);
      return response;
    }
    const contentType = request.headers.get("content-type") ?? "";
    const received: ReceivedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: headersOf(request),
      body: null,
      status: 0,
    };
    requestLog.add(received);
    // Only JSON and text bodies are logged; reading happens once, through the route's own reader.
    const logsBody = (contentType === "" || /json|^text\//i.test(contentType)) && request.body !== null;
    let readRequestBody = () => readBody(request, settings.maxBodyBytes);
    const logBody = async (status: number) => {
      // A refused request's body is not kept: it would let anyone without a token fill the memory.
      if (!logsBody || status === 401) return;
      try {
        requestLog.keepBody(received, await readRequestBody(), contentType);
      } catch {
        // A body over the limit or cut short is not logged; the answer already says what went wrong.
      }
    };
    const record: RecordedRequest = {
      method: recordedText(method),
      path: recordedText(path),
      route: recordedText(path),
      status: 0,
      idempotencyKey: recordedHeader(request, "idempotency-key"),
      prefer: recordedHeader(request, "prefer"),
      lastEventId: recordedHeader(request, "last-event-id"),
      authorized: false,
      hadAuthorizationHeader: request.headers.has("authorization"),
      fault: null,
    };
    stats.requests.push(record);
    const finish = async (response: Response) => {
      await logBody(response.status);
      record.status = response.status;
      received.status = response.status;
      response.headers.set("x-request-id", emulator.state.ids.request());
      applyCorsHeaders(request, response.headers);
      return response;
    };

    if (method === "OPTIONS") return finish(preflightResponse(request));
    // After close nothing runs any more, so answering as if it did would only mislead.
    if (clock.disposed) return finish(problemResponse(503, "This emulator is closed."));
    if (!underApi)
      return finish(
        problemResponse(404, `Nothing is served at ${url.pathname}; the API is under ${API_PREFIX}.`),
      );

    const match = matchRoute(ROUTES, method, path);
    const category =
      match.kind === "none" ? "api" : match.kind === "found" ? match.route.category : match.category;
    if (match.kind !== "none") record.route = match.kind === "found" ? match.route.pattern : match.pattern;
    record.authorized = isAuthorized(request, settings.tokens);
    if (category === "api" && !record.authorized) {
      return finish(
        problemResponse(
          401,
          record.hadAuthorizationHeader
            ? "The API token is not valid for this emulator."
            : "Send an API token: Authorization: Bearer <token> (or Token <token>).",
          { headers: { "www-authenticate": 'Bearer realm="dashscope"' } },
        ),
      );
    }

    const fault: FaultDecision | null = emulator.faults.decide(method, path, category);
    if (fault) record.fault = fault.kind;
    const routeResponse = async (): Promise<Response> => {
      if (match.kind === "none") return problemResponse(404, `No route answers ${method} ${path}.`);
      if (match.kind === "wrong-method") {
        return problemResponse(405, `${path} does not answer ${method}.`, {
          headers: { allow: match.allowedMethods.join(", ") },
        });
      }
      const dropAfterEvents = fault?.kind === "sse-drop" ? (fault.afterEvents ?? 1) : null;
      const context = createRouteContext(request, path, match.params, emulator, dropAfterEvents);
      readRequestBody = context.body;
      return match.route.handle(context);
    };

    try {
      if (fault && !fault.afterRoute) {
        if (fault.kind === "reset") throw new ConnectionResetSignal("connection reset (an emulated fault)");
        if (fault.kind === "slow") await clock.sleep(fault.delayMs ?? 0);
        else if (fault.kind !== "sse-drop") return finish(faultResponse(fault));
      }
      const response = await answerOrProblem(routeResponse);
      if (!fault?.afterRoute) return finish(response);
      // The route ran (a create happened) and now its answer is lost or replaced, as when a proxy
      // or the network fails on the way back.
      if (fault.kind === "slow") {
        await clock.sleep(fault.delayMs ?? 0);
        return finish(response);
      }
      await response.body?.cancel().catch(() => {});
      if (fault.kind === "reset") throw new ConnectionResetSignal("connection reset (an emulated fault)");
      return finish(faultResponse(fault));
    } catch (error) {
      if (!(error instanceof ConnectionResetSignal)) return finish(problemFor(error));
      record.status = 0;
      received.status = 0;
      throw error;
    }
  }

  return {
    stats,
    get requests() {
      return requestLog.entries;
    },
    get webhookDeliveries() {
      return stats.webhookDeliveries;
    },
    webhookSecret,
    reset,
    advance: (milliseconds) => clock.advance(milliseconds),
    async fetch(request) {
      try {
        return await handle(request);
      } catch (error) {
        if (error instanceof ConnectionResetSignal) {
          // What a real fetch does when the connection goes before an answer.
          throw new TypeError("fetch failed", {
            cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
          });
        }
        throw error;
      }
    },
    listen(port = 0, host = "127.0.0.1") {
      if (closing) return Promise.reject(new Error("This emulator is closed."));
      if (server) return Promise.reject(new Error("This emulator is already listening."));
      const listening = createNodeServer(
        async (request) => refusedByHost(settings.access, request, host) ?? handle(request),
      );
      server = listening;
      inspectable = isLoopbackHost(host);
      return new Promise<ListeningAddress>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(port, host, () => {
          listening.off("error", reject);
          const { port: actualPort } = listening.address() as AddressInfo;
          const urlHost =
            host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
          resolve({ url: `http://${urlHost}:${actualPort}${API_PREFIX}`, port: actualPort });
        });
      });
    },
    close() {
      closing ??= (async () => {
        // Ending the clock first releases every wait and stream, so their connections can finish.
        clock.dispose();
        const listening = server;
        if (!listening) return;
        await new Promise<void>((resolve) => {
          // Answers released by the clock get a moment to be written; then whatever is left is cut.
          const cutOff = setTimeout(() => listening.closeAllConnections(), CLOSE_GRACE_MILLISECONDS);
          listening.close(() => {
            clearTimeout(cutOff);
            resolve();
          });
          listening.closeIdleConnections();
        });
      })();
      return closing;
    },
    injectFault(fault) {
      emulator.faults.inject(fault);
    },
    setFaults(faults) {
      emulator.faults.setRates(resolveFaultRates(faults));
    },
  };
}
