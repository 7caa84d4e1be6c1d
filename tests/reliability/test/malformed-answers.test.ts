import Dashscope from "dashscope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, startCorpusServer } from "./helpers/corpus-server";
import { MALFORMED_CORPUS } from "./helpers/malformed-corpus";
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

describe.concurrent("malformed answers: a clear error or what the README documents, never a crash or a hang", () => {
  MALFORMED_CORPUS.forEach((corpusCase, index) => {
    const test = corpusCase.bug ? it.fails : it;
    test(corpusCase.name, async () => {
      const context = contextFor(server, index, elsewhere.origin);
      const dashscope = new Dashscope({
        auth: "corpus-token",
        baseUrl: context.baseUrl,
        maxRetries: 0,
        ...corpusCase.clientOptions,
      });
      const heapBefore = process.memoryUsage().heapUsed;
      const outcome = await outcomeOf(() => corpusCase.call(dashscope, context));
      if (corpusCase.name.includes("50 MB")) {
        const grown = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
        console.log(`${corpusCase.name}: heap +${grown.toFixed(0)} MB while the answer was held`);
      }
      corpusCase.check(outcome, context);
    });
  });

  it("never calls the other origin that `next` pages point to", () => {
    expect(elsewhere.requests).toEqual([]);
  });
});
