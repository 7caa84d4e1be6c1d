import { isLoopbackUrl } from "./loopback";
import { ModelFailure } from "./model-behaviour";

/** Redirects followed before a fetch gives up, as browsers and fetch do (with a smaller bound). */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` of a loopback URL that follows redirects itself, each only to another loopback URL: with
 * `redirect: "follow"`, a loopback server could send the emulator anywhere on the network. A redirect
 * off loopback, or more than `MAX_REDIRECTS` of them, fails the run without being followed.
 */
export async function fetchOnLoopback(url: string, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let response: Response;
    try {
      response = await fetch(current, { signal, redirect: "manual" });
    } catch (error) {
      throw new ModelFailure(`Fetching ${current} failed: ${(error as Error).message}`);
    }
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => {});
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      throw new ModelFailure(`${current} redirects to ${JSON.stringify(location)}, which is not a URL.`);
    }
    if (!isLoopbackUrl(next)) {
      throw new ModelFailure(
        `${current} redirects to ${next}, which is not a loopback URL: the emulator fetches only loopback URLs (localhost, 127.0.0.0/8, [::1]).`,
      );
    }
    if (redirects === MAX_REDIRECTS) {
      throw new ModelFailure(`Fetching ${url} gave up after ${MAX_REDIRECTS} redirects.`);
    }
    current = next;
  }
}
