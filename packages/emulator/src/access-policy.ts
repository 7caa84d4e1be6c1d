import { problemResponse } from "./http-problem";
import { isLoopbackHost } from "./loopback";

/**
 * Which web pages (by `Origin`) and which names of this server (by `Host`) may reach the emulator.
 * Loopback ones always may; others only when listed, `"*"` meaning any.
 */
export interface AccessPolicy {
  /** Origins besides loopback ones, normalized (`https://app.example:8443`), or "*". */
  readonly origins: ReadonlySet<string>;
  /** Host names (lowercased, without port) besides loopback ones, or "*". */
  readonly hosts: ReadonlySet<string>;
}

const ANY = "*";

/**
 * `[::1]:8787` → `[::1]`, `Example.com:80` → `example.com`; null when it is no host at all (user info,
 * a path or spaces would let the URL parser read another host out of it).
 */
function hostnameOf(hostHeader: string): string | null {
  if (!/^[^\s/\\?#@]+$/.test(hostHeader)) return null;
  try {
    const { hostname } = new URL(`http://${hostHeader}`);
    return hostname === "" ? null : hostname;
  } catch {
    return null;
  }
}

function normalizedOrigin(value: string): string | null {
  if (value === "null") return value;
  try {
    const url = new URL(value);
    // An origin is scheme, host and port only: anything more is probably a mistake worth saying.
    if (url.origin === "null" || `${url.origin}/` !== url.href.replace(/\/?$/, "/")) return null;
    return url.origin;
  } catch {
    return null;
  }
}

type AccessOption = "allowedOrigins" | "allowedHosts";

const EXPECTED: Record<AccessOption, string> = {
  allowedOrigins: 'a list of origins ("https://app.example:8443") or "*"',
  allowedHosts: 'a list of host names ("devbox.local") or "*"',
};

function optionList(
  option: AccessOption,
  value: unknown,
  normalize: (item: string) => string | null,
  label: (option: AccessOption) => string,
): Set<string> {
  if (value === undefined) return new Set();
  const fail = (): never => {
    throw new RangeError(`${label(option)} must be ${EXPECTED[option]}.`);
  };
  if (!Array.isArray(value)) fail();
  const items = new Set<string>();
  for (const item of value as unknown[]) {
    if (typeof item !== "string") return fail();
    items.add(item === ANY ? ANY : (normalize(item) ?? fail()));
  }
  return items;
}

/**
 * Checks `allowedOrigins` and `allowedHosts`; a bad entry is a `RangeError` naming the option
 * (as `label` calls it: the CLI names its flags).
 */
export function resolveAccessPolicy(
  options: { allowedOrigins?: unknown; allowedHosts?: unknown },
  label: (option: AccessOption) => string = (option) => `The emulator option \`${option}\``,
): AccessPolicy {
  return {
    origins: optionList("allowedOrigins", options.allowedOrigins, normalizedOrigin, label),
    hosts: optionList("allowedHosts", options.allowedHosts, hostnameOf, label),
  };
}

/** Whether a page of this origin may call the emulator (and read its answers). */
export function isOriginAllowed(policy: AccessPolicy, origin: string): boolean {
  if (policy.origins.has(ANY)) return true;
  const normalized = normalizedOrigin(origin);
  if (normalized === null) return false;
  if (policy.origins.has(normalized)) return true;
  if (normalized === "null") return false;
  const url = new URL(normalized);
  return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHost(url.hostname);
}

/**
 * A `Host` header naming anything but this machine (or the address it listens on, or a listed host)
 * is how a DNS-rebinding page reaches a loopback server: such requests are refused.
 */
export function isHostAllowed(policy: AccessPolicy, hostHeader: string | null, boundHost: string): boolean {
  // Browsers always send Host; a client that leaves it out is not a web page.
  if (hostHeader === null || policy.hosts.has(ANY)) return true;
  const hostname = hostnameOf(hostHeader);
  if (hostname === null) return false;
  const bare = hostname.replace(/^\[|\]$/g, "");
  return (
    isLoopbackHost(hostname) ||
    policy.hosts.has(hostname) ||
    bare === boundHost.replace(/^\[|\]$/g, "").toLowerCase()
  );
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The 403 for a request from a web page that may not call the emulator, or null to go on. Every
 * request is checked here, not only through CORS headers: a page can send a "simple" `text/plain`
 * POST anywhere without a preflight, and it must not act. A cross-site state change that carries no
 * `Origin` (browsers send one on every POST, so this is a second line) is refused too.
 */
export function refusedByOrigin(policy: AccessPolicy, request: Request): Response | null {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (isOriginAllowed(policy, origin)) return null;
    return problemResponse(
      403,
      "This emulator answers pages on loopback origins only; start it with allowedOrigins (--allow-origin) to open it to others.",
    );
  }
  const crossSite = request.headers.get("sec-fetch-site")?.toLowerCase() === "cross-site";
  if (crossSite && STATE_CHANGING.has(request.method.toUpperCase()) && !policy.origins.has(ANY)) {
    return problemResponse(403, "This emulator does not take cross-site requests without an allowed Origin.");
  }
  return null;
}

/** The 403 for a request whose `Host` names another machine, or null to go on. */
export function refusedByHost(policy: AccessPolicy, request: Request, boundHost: string): Response | null {
  if (isHostAllowed(policy, request.headers.get("host"), boundHost)) return null;
  return problemResponse(
    403,
    "This emulator answers requests addressed to loopback hosts only; start it with allowedHosts (--allow-host) to serve other names.",
  );
}
