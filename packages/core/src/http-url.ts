/** An absolute http(s) URL, as `baseUrl` and `webhook` must be. */
export function isHttpUrl(value: unknown): value is string {
  try {
    return typeof value === "string" && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
