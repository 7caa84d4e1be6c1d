import type { Client } from "./client";
import { invalidArgument } from "./errors/invalid-argument-error";

/** A route relative to `baseUrl` ("/predictions") or an absolute URL, with `query` appended. */
export function resolveUrl(client: Client, route: string, query?: QueryParameters): URL {
  const refuse = () => invalidArgument("route", "a path or an absolute http(s) URL", route);
  // A URL object or a number would need its own rules: refused like a route that makes no URL.
  if (typeof route !== "string") throw refuse();
  const absolute = /^https?:\/\//i.test(route);
  let url: URL;
  try {
    url = new URL(absolute ? route : `${client.baseUrl.replace(/\/+$/, "")}/${route.replace(/^\/+/, "")}`);
  } catch {
    // The URL constructor's TypeError names no argument.
    throw refuse();
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    // `set` turns numbers and booleans into their text.
    if (value != null) url.searchParams.set(key, value as string);
  }
  return url;
}

export type QueryParameters = Record<string, string | number | boolean | null | undefined>;

/** The token is only ever sent to the origin of the configured `baseUrl`. */
export function isApiOrigin(client: Client, url: URL): boolean {
  return url.origin === new URL(client.baseUrl).origin;
}
