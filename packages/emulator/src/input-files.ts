import { decodeDataUri } from "./data-uri";
import { API_PREFIX } from "./defaults";
import { isLoopbackUrl } from "./loopback";
import { fetchOnLoopback } from "./loopback-fetch";
import { ModelFailure } from "./model-behaviour";
import type { EmulatorState } from "./state";

/** The media type without parameters, as image-info reports it. */
function essence(contentType: string | null): string {
  return (
    (contentType ?? "application/octet-stream").split(";")[0]?.trim().toLowerCase() ||
    "application/octet-stream"
  );
}

/**
 * Reads a file input the way a model on the service would download it, but without leaving the
 * machine: a data: URI is decoded, a URL this emulator serves is read from memory (so it works
 * in-process too), any other loopback URL is fetched, and everything else fails the run.
 */
export async function readInputFile(
  state: EmulatorState,
  origin: string,
  value: string,
  signal: AbortSignal,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  if (value.startsWith("data:")) {
    try {
      return decodeDataUri(value);
    } catch {
      throw new ModelFailure("The input is not a valid data: URI.");
    }
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ModelFailure(`The input ${JSON.stringify(value)} is not a URL or a data: URI.`);
  }
  if (url.origin === origin && url.pathname.startsWith(`${API_PREFIX}/delivery/`)) {
    const blob = state.blobs.get(url.pathname.slice(API_PREFIX.length));
    if (!blob) throw new ModelFailure(`No file is served at ${value}.`);
    return { bytes: blob.bytes, contentType: essence(blob.contentType) };
  }
  if (!isLoopbackUrl(value)) {
    throw new ModelFailure(
      "The emulator fetches only loopback URLs (localhost, 127.0.0.0/8, [::1]); upload the file or pass a data: URI.",
    );
  }
  const response = await fetchOnLoopback(url.href, signal);
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new ModelFailure(`Fetching ${value} answered ${response.status}.`);
  }
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    contentType: essence(response.headers.get("content-type")),
  };
}
