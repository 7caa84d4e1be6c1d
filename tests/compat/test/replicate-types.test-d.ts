// Compiled by `pnpm typecheck` (tsc), never run. Code typed against replicate 1.4's declarations must
// compile against ours once renamed, and values must pass between code typed for either client: every
// line fails to compile if that breaks, and every `@ts-expect-error` marks a difference we keep, which
// fails to compile the day it goes away.
import type * as Ours from "dashscope";
import type Dashscope from "dashscope";
import type * as Theirs from "replicate";
import type Replicate from "replicate";

declare const validateWebhook: typeof Ours.validateWebhook;

/** Compiles only when a value of type `A` can go where a `B` is expected. */
declare function handsTo<A, B>(convert: (value: A) => B): void;
/** Compiles only when values of each type can go where the other is expected. */
declare function handsBothWays<A, B>(to: (value: A) => B, from: (value: B) => A): void;

// Every type name of replicate's index.d.ts is exported, and describes what replicate's does.
handsBothWays<Ours.Status, Theirs.Status>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.Visibility, Theirs.Visibility>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.WebhookEventType, Theirs.WebhookEventType>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.Prediction, Theirs.Prediction>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.Training, Theirs.Training>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.FileObject, Theirs.FileObject>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.WebhookSecret, Theirs.WebhookSecret>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.Account, Theirs.Account>(
  (value) => value,
  (value) => value,
);
handsBothWays<Ours.Hardware, Theirs.Hardware>(
  (value) => value,
  (value) => value,
);
// Ours carry more (`status`, `detail`, the stream's `#private` state): one way only, as a subclass would.
handsTo<Ours.ApiError, Theirs.ApiError>((value) => value);
handsTo<Ours.FileOutput, Theirs.FileOutput>((value) => value);
handsTo<Ours.ServerSentEvent, Theirs.ServerSentEvent>((value) => value);
// replicate's strategy names are ours too; ours also takes an uploader function.
handsTo<Theirs.FileEncodingStrategy, Ours.FileEncodingStrategy>((value) => value);
// A prediction typed for either client passes to the other's methods.
declare const dashscope: Dashscope;
declare const replicate: Replicate;
declare const theirPrediction: Theirs.Prediction;
dashscope.wait(theirPrediction);
(async () => replicate.wait(await dashscope.predictions.get("id")))();
(async () =>
  replicate.wait(await dashscope.wait(await dashscope.predictions.create({ version: "v", input: {} }))))();

// Catalogue types whose fields the service sends as `null` where replicate's types say `undefined`
// (docs/api.md, spec/openapi.json): ours keep the `null`. Each line below compiles the day that changes.
// @ts-expect-error: `description` and the URLs may be null
handsTo<Ours.Model, Theirs.Model>((value) => value);
// @ts-expect-error: ours has the fields replicate's leaves optional, null where unset
handsTo<Theirs.Model, Ours.Model>((value) => value);
handsTo<Ours.ModelVersion, Theirs.ModelVersion>((value) => value);
// @ts-expect-error: `cog_version` may be null
handsTo<Theirs.ModelVersion, Ours.ModelVersion>((value) => value);
// @ts-expect-error: a collection's models are ours
handsTo<Ours.Collection, Theirs.Collection>((value) => value);
// @ts-expect-error: a collection's models are replicate's
handsTo<Theirs.Collection, Ours.Collection>((value) => value);
handsBothWays<Ours.Deployment, Theirs.Deployment>(
  (value) => value,
  (value) => value,
);
// @ts-expect-error: `next` and `previous` are null on the last and the first page
handsTo<Ours.Page<number>, Theirs.Page<number>>((value) => value);
// @ts-expect-error: ours always has both links
handsTo<Theirs.Page<number>, Ours.Page<number>>((value) => value);

// --- Patterns from apps written for replicate, renamed ---

// A generic helper that answers `Promise<Prediction<object, unknown>>`, used where a prediction is expected.
async function createAndWait(client: Dashscope, model: `${string}/${string}`, input: object) {
  const created: Ours.Prediction<object, unknown> = await client.predictions.create({ model, input });
  return client.wait(created);
}
async function usesHelper(): Promise<Ours.Prediction> {
  const prediction: Ours.Prediction = await createAndWait(dashscope, "owner/name", { prompt: "x" });
  await dashscope.wait(await createAndWait(dashscope, "owner/name", {}));
  return prediction;
}

// A wrapper around `request` typed by its options, which are never `undefined`.
type RequestParameters = Parameters<Dashscope["request"]>[1];
async function requestJson(route: string, options: RequestParameters): Promise<unknown> {
  const response = await dashscope.request(route, { ...options, method: options.method ?? "GET" });
  return response.json();
}
// `request` without options still compiles.
dashscope.request("/account");

// `run` resolves `object` for a plain identifier, as replicate's does.
async function output(): Promise<object | null> {
  const out: object | null = await dashscope.run("owner/name", { input: { prompt: "x" } });
  let later: object | null = null;
  later = await dashscope.run("owner/name:version", { input: {} });
  return out ?? later;
}

// An LLM framework's wrapper: the output is checked at run time, whatever the types say.
class ReplicateLlm {
  constructor(
    readonly client: Dashscope,
    readonly model: `${string}/${string}:${string}`,
  ) {}
  async call(prompt: string, signal?: AbortSignal): Promise<string> {
    const output = await this.client.run(this.model, { input: { prompt }, signal });
    if (typeof output === "string") return output;
    if (Array.isArray(output)) return output.join("");
    return String(output);
  }
  async *stream(prompt: string): AsyncGenerator<string> {
    for await (const event of this.client.stream(this.model, { input: { prompt } })) {
      if (event.event === "output") yield event.data;
    }
  }
}

// A Next.js route handler that starts a prediction, and one that polls it.
export async function POST(request: Request): Promise<Response> {
  const { prompt } = (await request.json()) as { prompt: string };
  const prediction = await dashscope.predictions.create({
    version: "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
    input: { prompt },
    webhook: "https://example.com/api/webhooks",
    webhook_events_filter: ["completed"],
  });
  if (prediction?.error) return Response.json({ detail: prediction.error }, { status: 500 });
  return Response.json(prediction, { status: 201 });
}
export async function GET(_request: Request, { params }: { params: { id: string } }): Promise<Response> {
  const prediction = await dashscope.predictions.get(params.id);
  const finished: Theirs.Prediction = prediction;
  return Response.json(finished);
}

// A workflow engine's retry decision, typed against the error replicate raises.
function isReplicateApiError(error: unknown): error is Theirs.ApiError {
  return error instanceof Error && error.name === "ApiError" && "request" in error && "response" in error;
}
declare const caught: Ours.ApiError;
const decided: boolean = isReplicateApiError(caught) && caught.response.status >= 500;

// replicate's own tests read a page off `paginate` by hand, and check webhooks with Node's webcrypto.
export async function firstPageLength(): Promise<number> {
  const pages = dashscope.paginate(dashscope.collections.list);
  const first = await pages.next();
  return first.value.length;
}
export async function checkWithNodeCrypto(request: Request, secret: string): Promise<boolean> {
  const { webcrypto } = await import("node:crypto");
  return validateWebhook(request, secret, webcrypto as Crypto);
}

export { decided, output, ReplicateLlm, requestJson, usesHelper };
