// Code written for replicate decides what an error is by `error.name === "ApiError"` and by the
// `request` and `response` it carries; every answer replicate raises as an `ApiError` must read as one here.
import Dashscope, {
  ApiError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
} from "dashscope";
import Replicate from "replicate";
import { describe, expect, it } from "vitest";
import { both, type ClientClass, token, useEmulator } from "./clients";

const server = useEmulator();

/** What code written against replicate reads from an error. */
function asReplicateCodeSeesIt(error: unknown) {
  const { name, request, response, message } = error as ApiError;
  return {
    name,
    request: request instanceof Request,
    response: response instanceof Response,
    method: request instanceof Request ? request.method : undefined,
    status: response instanceof Response ? response.status : undefined,
    // The part of replicate's message that code and tests match on.
    wording: /^Request to (\S+) failed with status (\d+)/.exec(message)?.slice(1),
  };
}

/**
 * A workflow engine's retry decision, as integrations written against replicate make it: an API error
 * that is neither a 429 nor a 5xx will fail again, so the step gives up; anything else is retried.
 */
function shouldRetry(error: unknown): boolean {
  const candidate = error as { name?: unknown; request?: unknown; response?: unknown };
  const isApiError =
    candidate?.name === "ApiError" &&
    candidate.request instanceof Request &&
    candidate.response instanceof Response;
  if (!isApiError) return true;
  const { status } = candidate.response as Response;
  return status === 429 || status >= 500;
}

/** Runs `step` as a workflow engine would, up to `limit` times while `shouldRetry` says so; answers the attempts. */
async function attemptsUntilGivenUp(step: () => Promise<unknown>, limit = 5): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      throw new Error("expected the step to fail");
    } catch (error) {
      if (!shouldRetry(error) || attempt === limit) return attempt;
    }
  }
}

const failures: Array<
  [string, (client: Dashscope, Client: ClientClass) => Promise<unknown>, number, string]
> = [
  ["an unknown prediction", (client) => client.predictions.get("nothing"), 404, "GET"],
  ["an unknown model", (client) => client.models.get("nobody", "nothing"), 404, "GET"],
  [
    "an input the model refuses",
    (client) => client.run("dashscope/hello-world", { input: { text: 42 } }),
    422,
    "POST",
  ],
  [
    "a wrong token",
    (_client, Client) => new Client({ auth: "not-the-token", baseUrl: server.baseUrl }).accounts.current(),
    401,
    "GET",
  ],
  [
    "a model that exists already",
    (client) => client.models.create("dashscope", "hello-world", { visibility: "public", hardware: "cpu" }),
    409,
    "POST",
  ],
];

describe("errors replicate raises as ApiError", () => {
  it.each(failures)("read as an ApiError for %s", async (_what, call, status, method) => {
    const [ours, theirs] = await both(server.baseUrl, async (client, Client) =>
      asReplicateCodeSeesIt(await call(client, Client).catch((error) => error)),
    );
    expect(theirs).toMatchObject({ name: "ApiError", request: true, response: true, status, method });
    expect(ours).toEqual({ ...theirs, wording: [expect.any(String), String(status)] });
    expect(ours.wording?.[0]).toBe(theirs.wording?.[0]);
  });

  it("read as an ApiError for a 5xx answer to a request that is not retried", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      server.emulator.injectFault({ kind: "500", match: "POST /predictions" });
      const error = await client
        .request("/predictions", { method: "POST", data: { version: "a".repeat(64), input: {} } })
        .catch((caught) => caught);
      return asReplicateCodeSeesIt(error);
    });
    expect(theirs).toMatchObject({ name: "ApiError", status: 500 });
    expect(ours).toEqual(theirs);
  });

  it("read as an ApiError for a 429 once the retries are spent", async () => {
    const rateLimited = async (client: Dashscope, path: string) => {
      // More than either client retries. No `Retry-After`: a 429 that names one is waited out apart
      // from `maxRetries` here.
      server.emulator.injectFault({ kind: "429", match: `GET ${path}`, times: 10 });
      return asReplicateCodeSeesIt(await client.request(path, { method: "GET" }).catch((error) => error));
    };
    const ours = await rateLimited(
      new Dashscope({ auth: token, baseUrl: server.baseUrl, maxRetries: 1 }),
      "/collections/ours",
    );
    const theirs = await rateLimited(
      new Replicate({ auth: token, baseUrl: server.baseUrl }) as unknown as Dashscope,
      "/collections/theirs",
    );
    expect(theirs).toMatchObject({ name: "ApiError", status: 429 });
    expect({ ...ours, wording: ours.wording?.[1] }).toEqual({ ...theirs, wording: theirs.wording?.[1] });
  });

  it("keep the per-status classes for instanceof, and `status` to tell them apart", async () => {
    const client = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const missing = await client.predictions.get("nothing").catch((error) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).not.toBeInstanceOf(UnprocessableEntityError);
    expect(missing).toMatchObject({ name: "ApiError", status: 404 });
    // Logs still say which class: Node shows the constructor's name beside the error's name.
    expect(missing.constructor.name).toBe("NotFoundError");
    for (const Class of [AuthenticationError, ConflictError, RateLimitError, InternalServerError]) {
      expect(Class.prototype.name).toBe("ApiError");
    }
  });
});

describe("errors we raise before sending, where replicate's request is refused", () => {
  // Documented in the README's "Coming from replicate": the request would fail the same way on every
  // attempt, and ours never leaves the machine.
  it("is an InvalidArgumentError for a create without input, where replicate has the API's 422", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const before = server.emulator.stats.requests.length;
      const error = await client.predictions
        .create({ model: "dashscope/hello-world" } as never)
        .catch((caught) => caught);
      return { name: error.name, sent: server.emulator.stats.requests.length - before };
    });
    expect(theirs).toEqual({ name: "ApiError", sent: 1 });
    expect(ours).toEqual({ name: "InvalidArgumentError", sent: 0 });
  });
});

describe("a retry decision written against replicate", () => {
  const cases: Array<[string, (client: Dashscope) => Promise<unknown>]> = [
    ["a missing prediction (404)", (client) => client.predictions.get("nothing")],
    ["a bad input (422)", (client) => client.run("dashscope/hello-world", { input: { text: 42 } })],
  ];
  it.each(cases)("gives up at once on %s with either client", async (_what, step) => {
    const [ours, theirs] = await both(server.baseUrl, (client) => attemptsUntilGivenUp(() => step(client)));
    expect(theirs).toBe(1);
    expect(ours).toBe(1);
  });
});
