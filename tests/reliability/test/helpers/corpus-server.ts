import type { CorpusCase, CorpusContext } from "./malformed-corpus";
import { type RawServer, startRawServer } from "./raw-server";

/** Where case `index` runs: its base URL is `${origin}/<index>/v1`. */
export function contextFor(corpusServer: RawServer, index: number, elsewhereOrigin: string): CorpusContext {
  return {
    origin: corpusServer.origin,
    baseUrl: `${corpusServer.origin}/${index}/v1`,
    elsewhere: elsewhereOrigin,
  };
}

/** One raw server for the whole corpus: `/<case index>/v1/...` is answered by that case. */
export async function startCorpusServer(
  cases: readonly CorpusCase[],
  elsewhereOrigin: () => string,
): Promise<RawServer> {
  const corpusServer: RawServer = await startRawServer((request, response) => {
    const match = /^\/(\d+)\/v1(\/[^?]*)?/.exec(request.url);
    const index = Number(match?.[1]);
    const corpusCase = cases[index];
    if (!corpusCase) {
      response.writeHead(599);
      response.end();
      return;
    }
    const context = contextFor(corpusServer, index, elsewhereOrigin());
    // Each gigantic answer on a connection of its own: one reused after 50 MB went through it may be
    // closed by the server just as the next case's request arrives, which is not what a case tests.
    if (corpusCase.gigantic) response.shouldKeepAlive = false;
    return corpusCase.serve(match?.[2] ?? "/", request, response, context);
  });
  return corpusServer;
}
