import { problemResponse } from "./http-problem";
import { seededRandom } from "./seeded-random";
import type { FaultKind, FaultRates, InjectedFault } from "./types";

export const FAULT_KINDS: readonly FaultKind[] = [
  "429",
  "500",
  "502",
  "503",
  "408",
  "reset",
  "sse-drop",
  "slow",
  "html-502",
  "empty-500",
];

/** What a request is, for deciding which faults may hit it. */
export type RequestCategory = "api" | "stream" | "download";

export interface FaultDecision {
  kind: FaultKind;
  retryAfter?: string;
  retryAfterMs?: number;
  /** Real milliseconds to hold a "slow" answer. */
  delayMs?: number;
  /** For "sse-drop": events to write before the connection drops. */
  afterEvents?: number;
  /** Let the route run first, then lose or replace its answer. */
  afterRoute?: boolean;
}

/** Random slow answers are held this long at time scale 1. */
const RANDOM_SLOW_MODEL_MILLISECONDS = 3000;

function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** Parses `"429=0.15,500=0.03,reset=0.05"`; throws an `Error` that names the bad part. */
export function parseFaultSpec(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec.split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const [kind, rate, ...rest] = trimmed.split("=");
    if (kind === undefined || rate === undefined || rest.length > 0) {
      throw new Error(`Fault "${trimmed}" is not KIND=RATE (for example 429=0.1).`);
    }
    if (!isFaultKind(kind.trim())) {
      throw new Error(`Unknown fault kind "${kind.trim()}"; known kinds: ${FAULT_KINDS.join(", ")}.`);
    }
    rates[kind.trim() as FaultKind] = Number(rate.trim());
  }
  return validateFaultRates(rates);
}

export function validateFaultRates(rates: FaultRates): FaultRates {
  let apiTotal = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (!isFaultKind(kind))
      throw new Error(`Unknown fault kind "${kind}"; known kinds: ${FAULT_KINDS.join(", ")}.`);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`The rate of fault "${kind}" must be a number from 0 to 1.`);
    }
    if (kind !== "sse-drop") apiTotal += rate;
  }
  // sse-drop is drawn separately (only stream requests can get it), so it is not in this sum.
  if (apiTotal > 1 + 1e-9) throw new Error("The fault rates (other than sse-drop) add up to more than 1.");
  return { ...rates };
}

export function resolveFaultRates(faults: string | FaultRates | null | undefined): FaultRates {
  if (faults === null || faults === undefined) return {};
  return typeof faults === "string" ? parseFaultSpec(faults) : validateFaultRates(faults);
}

interface PendingFault {
  fault: InjectedFault;
  remaining: number;
}

/** Decides, before a route runs, whether a fault answers a request instead. */
export class FaultInjector {
  #rates: FaultRates;
  #random: () => number;
  readonly #pending: PendingFault[] = [];

  constructor(
    rates: FaultRates,
    readonly seed: number,
    readonly timeScale: number,
  ) {
    this.#rates = rates;
    this.#random = seededRandom(seed);
  }

  /** Drops injected faults and starts the dice again from the seed, with these rates. */
  reset(rates: FaultRates): void {
    this.#pending.length = 0;
    this.#rates = rates;
    this.#random = seededRandom(this.seed);
  }

  get rates(): FaultRates {
    return { ...this.#rates };
  }

  setRates(rates: FaultRates): void {
    this.#rates = rates;
  }

  inject(fault: InjectedFault): void {
    if (!isFaultKind(fault.kind)) throw new Error(`Unknown fault kind "${String(fault.kind)}".`);
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error("An injected fault's `times` must be a positive integer.");
    this.#pending.push({ fault, remaining: times });
  }

  decide(method: string, path: string, category: RequestCategory): FaultDecision | null {
    return this.#takeInjected(method, path, category) ?? this.#drawRandom(category);
  }

  #takeInjected(method: string, path: string, category: RequestCategory): FaultDecision | null {
    const index = this.#pending.findIndex(({ fault }) => {
      // A dropped stream only means something on a stream.
      if (fault.kind === "sse-drop" && category !== "stream") return false;
      if (fault.match === undefined) return category === (fault.kind === "sse-drop" ? "stream" : "api");
      return matches(fault.match, method, path);
    });
    const pending = this.#pending[index];
    if (pending === undefined) return null;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.#pending.splice(index, 1);
    const { fault } = pending;
    return {
      kind: fault.kind,
      ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
      ...(fault.retryAfterMs !== undefined ? { retryAfterMs: fault.retryAfterMs } : {}),
      delayMs: fault.delayMs ?? 1000,
      afterEvents: fault.afterEvents ?? 1,
      // A dropped stream is always mid-answer, so "after the route" means nothing more for it.
      afterRoute: fault.afterRoute === true && fault.kind !== "sse-drop",
    };
  }

  #drawRandom(category: RequestCategory): FaultDecision | null {
    if (category === "download") return null;
    if (category === "stream") {
      const rate = this.#rates["sse-drop"] ?? 0;
      if (rate <= 0 || this.#random() >= rate) return null;
      return { kind: "sse-drop", afterEvents: 1 + Math.floor(this.#random() * 3) };
    }
    const roll = this.#random();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      if (kind === "sse-drop") continue;
      threshold += this.#rates[kind] ?? 0;
      if (roll < threshold) {
        return {
          kind,
          // Scaled like every built-in delay, so a fast test run stays fast while still telling the
          // client to wait; retry-after-ms carries the precise value.
          retryAfter: String(Math.round(this.timeScale)),
          retryAfterMs: Math.round(1000 * this.timeScale),
          delayMs: RANDOM_SLOW_MODEL_MILLISECONDS * this.timeScale,
        };
      }
    }
    return null;
  }
}

function matches(match: string, method: string, path: string): boolean {
  const trimmed = match.trim();
  const space = trimmed.indexOf(" ");
  if (space === -1)
    return trimmed.startsWith("/") ? path.startsWith(trimmed) : method === trimmed.toUpperCase();
  const matchMethod = trimmed.slice(0, space).toUpperCase();
  const matchPath = trimmed.slice(space + 1).trim();
  return method === matchMethod && path.startsWith(matchPath);
}

const BAD_GATEWAY_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>emulated proxy</center>
</body>
</html>
`;

/** The answer of a fault that answers (every kind but "reset", "slow" and "sse-drop"). */
export function faultResponse(decision: FaultDecision): Response {
  switch (decision.kind) {
    case "429": {
      const headers: Record<string, string> = {};
      if (decision.retryAfter !== undefined) headers["retry-after"] = decision.retryAfter;
      if (decision.retryAfterMs !== undefined) headers["retry-after-ms"] = String(decision.retryAfterMs);
      return problemResponse(429, "Request was throttled (an emulated fault). Retry after the time given.", {
        headers,
      });
    }
    case "html-502":
      return new Response(BAD_GATEWAY_PAGE, { status: 502, headers: { "content-type": "text/html" } });
    case "empty-500":
      return new Response(null, { status: 500 });
    case "408":
      return problemResponse(408, "The request took too long to arrive (an emulated fault).");
    default: {
      const status = Number(decision.kind);
      return problemResponse(
        Number.isInteger(status) ? status : 500,
        "An emulated server fault. Retry later.",
      );
    }
  }
}
