import Dashscope from "dashscope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, startCorpusServer } from "./helpers/corpus-server";
import { type CorpusCase, MALFORMED_CORPUS } from "./helpers/malformed-corpus";
import { outcomeOf } from "./helpers/outcome";
import { type RawServer, startRawServer } from "./helpers/raw-server";

let server: RawServer;
let elsewhere: RawServer;

beforeAll(async () => {
  elsewhere = await startRawServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  server = await startCorpusServer(MALFORMED_CORPUS, () => elsewhere.origin);
});

afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

function check(corpusCase: CorpusCase, index: number) {
  const test = corpusCase.bug ? it.fails : it;
  test(corpusCase.name, async () => {
    const context = contextFor(server, index, elsewhere.origin);
    const dashscope = new Dashscope({
      auth: "corpus-token",
      baseUrl: context.baseUrl,
      maxRetries: 0,
      ...corpusCase.clientOptions,
    });
    const peakBefore = process.resourceUsage().maxRSS;
    const outcome = await outcomeOf(() => corpusCase.call(dashscope, context));
    if (corpusCase.gigantic) {
      // The process's peak resident memory (it only grows), as a figure: tests never assert on it.
      const peak = process.resourceUsage().maxRSS;
      console.log(
        `${corpusCase.name}: peak RSS ${(peak / 1024).toFixed(0)} MB (+${((peak - peakBefore) / 1024).toFixed(0)} MB)`,
      );
    }
    corpusCase.check(outcome, context);
  });
}

describe("malformed answers: a clear error or what the README documents, never a crash or a hang", () => {
  describe.concurrent("small answers, all at once", () => {
    MALFORMED_CORPUS.forEach((corpusCase, index) => {
      if (!corpusCase.gigantic) check(corpusCase, index);
    });
  });

  // One at a time, so that each one's memory is its own.
  describe("gigantic answers", () => {
    MALFORMED_CORPUS.forEach((corpusCase, index) => {
      if (corpusCase.gigantic) check(corpusCase, index);
    });
  });

  it("never calls the other origin that `next` pages point to", () => {
    expect(elsewhere.requests).toEqual([]);
  });
});
