import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock, SleepInterruptedError } from "./clock";
import { applyCorsHeaders, preflightResponse } from "./cors";
import { API_PREFIX, DEFAULT_MAX_BODY_BYTES, DEFAULT_PAGE_SIZE, EMULATOR_TOKEN } from "./defaults";
import type { EmulatorContext, EmulatorSettings } from "./emulator-context";
import { type FaultDecision, FaultInjector, faultResponse, resolveFaultRates } from "./faults";
import { HttpProblem, problemResponse } from "./http-problem";
import { IdempotencyStore } from "./idempotency";
import { requestId } from "./ids";
import { ConnectionResetSignal, createNodeServer } from "./node-server";
import { createRouteContext, matchRoute, type Route } from "./router";
import { accountRoutes } from "./routes/account";
import { collectionRoutes } from "./routes/collections";
import { deliveryRoutes } from "./routes/delivery";
import { deploymentRoutes } from "./routes/deployments";
import { fileRoutes } from "./routes/files";
import { hardwareRoutes } from "./routes/hardware";
import { modelRoutes } from "./routes/models";
import { predictionRoutes } from "./routes/predictions";
import { streamRoutes } from "./routes/streams";
import { trainingRoutes } from "./routes/trainings";
import { webhookRoutes } from "./routes/webhooks";
import { runJson } from "./run-json";
import { EmulatorState } from "./state";
import { createStats } from "./stats";
import type { Emulator, EmulatorOptions, ListeningAddress, RecordedRequest } from "./types";
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
];

function positiveNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`The emulator option \`${name}\` must be a positive number.`);
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
  };
}

/** `Authorization: Bearer <token>` with one of the accepted tokens. */
function isAuthorized(request: Request, tokens: readonly string[]): boolean {
  const match = /^bearer\s+(.+)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  return match?.[1] !== undefined && tokens.includes(match[1].trim());
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
  const clock = new Clock(settings.timeScale);
  const stats = createStats();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const emulator: EmulatorContext = {
    settings,
    state: new EmulatorState(),
    clock,
    stats,
    faults: new FaultInjector(resolveFaultRates(options.faults), seed, settings.timeScale),
    webhooks: new WebhookSender(clock, stats, (record) => runJson(record, record.init.origin)),
    idempotency: new IdempotencyStore(),
  };
  let server: Server | null = null;
  let closing: Promise<void> | null = null;

  /** Answers one request; throws `ConnectionResetSignal` when the answer is to drop the connection. */
  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const underApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = underApi ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
    const record: RecordedRequest = {
      method,
      path,
      route: path,
      status: 0,
      idempotencyKey: request.headers.get("idempotency-key"),
      prefer: request.headers.get("prefer"),
      lastEventId: request.headers.get("last-event-id"),
      authorized: false,
      hadAuthorizationHeader: request.headers.has("authorization"),
      fault: null,
    };
    stats.requests.push(record);
    const finish = (response: Response) => {
      record.status = response.status;
      response.headers.set("x-request-id", requestId());
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
            : "Send an API token: Authorization: Bearer <token>.",
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
      throw error;
    }
  }

  return {
    stats,
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
      const listening = createNodeServer(handle);
      server = listening;
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
