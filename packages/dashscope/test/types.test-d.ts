// Compiled by the package's `typecheck` script (tsc), never run: every `@ts-expect-error` below must
// keep failing to compile, and every `expectTypeOf` must keep holding.
import { expectTypeOf } from "vitest";
import type Dashscope from "../src";
import type { ModelRef, Prediction } from "../src";

declare const dashscope: Dashscope;

interface HelloWorldInput {
  text?: string;
}
type HelloWorldOutput = string;
const helloWorld =
  "dashscope/hello-world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa" as ModelRef<
    HelloWorldInput,
    HelloWorldOutput
  >;

// run
expectTypeOf(dashscope.run(helloWorld, { input: { text: "x" } })).resolves.toEqualTypeOf<HelloWorldOutput>();
// @ts-expect-error: a misspelt input
dashscope.run(helloWorld, { input: { txt: "x" } });
// @ts-expect-error: not owner/name
dashscope.run("hello-world", { input: {} });
expectTypeOf(dashscope.run("owner/name", { input: {} })).resolves.toEqualTypeOf<object>();
async function annotated() {
  // @ts-expect-error: helloWorld's output is a string, whatever the result is assigned to
  const wrong: number = await dashscope.run(helloWorld, { input: { text: "x" } });
  const right: string = await dashscope.run(helloWorld, { input: { text: "x" } });
  // @ts-expect-error: the same for a create's prediction
  const wrongPrediction: Prediction<object, number> = await dashscope.predictions.create({
    model: helloWorld,
    input: { text: "x" },
  });
  const out: object | null = await dashscope.run("owner/name", { input: {} });
  return [wrong, right, wrongPrediction, out];
}
// `request`'s options, as a wrapper takes them, are never undefined; calling without them still works.
expectTypeOf<Parameters<Dashscope["request"]>[1]>().not.toBeNullable();
dashscope.request("/account");
expectTypeOf(dashscope.run<string[]>("owner/name:version", { input: {} })).resolves.toEqualTypeOf<string[]>();
interface SomeInput {
  prompt: string;
}
declare const someInput: SomeInput;
// Any object is an input, an interface without an index signature too (replicate types it `object`).
dashscope.run("owner/name", { input: someInput });

// stream
dashscope.stream(helloWorld, { input: { text: "x" } });
// @ts-expect-error: a misspelt input
dashscope.stream(helloWorld, { input: { txt: "x" } });
// @ts-expect-error: not owner/name
dashscope.stream("hello-world", { input: {} });
dashscope.stream("owner/name", { input: someInput });

// predictions.create
expectTypeOf(
  dashscope.predictions.create({ model: helloWorld, input: { text: "x" } }),
).resolves.toEqualTypeOf<Prediction<Record<string, unknown>, HelloWorldOutput>>();
// @ts-expect-error: a misspelt input
dashscope.predictions.create({ model: helloWorld, input: { txt: "x" } });
dashscope.predictions.create({ model: "owner/name", input: someInput });
// As in the seed: `prediction = await dashscope.predictions.get(prediction.id)` keeps compiling.
async function reassign() {
  let prediction = await dashscope.predictions.create({ version: "a".repeat(64), input: {} });
  prediction = await dashscope.predictions.get(prediction.id);
  return prediction;
}

// deployments.predictions.create: the ModelRef's type as the type argument.
expectTypeOf(
  dashscope.deployments.predictions.create<typeof helloWorld>("dashscope", "hello", { input: { text: "x" } }),
).resolves.toEqualTypeOf<Prediction<HelloWorldInput, HelloWorldOutput>>();
dashscope.deployments.predictions.create<typeof helloWorld>("dashscope", "hello", {
  // @ts-expect-error: a misspelt input
  input: { txt: "x" },
});
expectTypeOf(
  dashscope.deployments.predictions.create("dashscope", "hello", { input: { text: "x" } }),
).resolves.toEqualTypeOf<Prediction<{ text: string }, unknown>>();

// trainings.create: the destination is owner/name.
dashscope.trainings.create("owner", "name", "a".repeat(64), { destination: "me/model", input: someInput });
// @ts-expect-error: not owner/name
dashscope.trainings.create("owner", "name", "a".repeat(64), { destination: "model", input: {} });

export { annotated, reassign };

// The contract's methods and options
expectTypeOf(dashscope.models.readme.get("o", "n")).resolves.toEqualTypeOf<string>();
expectTypeOf(
  dashscope.files.download("id", { owner: "o", expiry: 1, signature: "s" }),
).resolves.toEqualTypeOf<Response>();
expectTypeOf(dashscope.models.delete("o", "n")).resolves.toEqualTypeOf<true>();
dashscope.models.update("o", "n", { description: "d", weights_url: "https://w.test" });
// @ts-expect-error: a field the update does not take
dashscope.models.update("o", "n", { visibility: "public" });
dashscope.search("q", { limit: 10 });
dashscope.run("owner/name", { input: {}, cancelAfter: "5m" });
dashscope.predictions.create({ model: "owner/name", input: {}, cancelAfter: 300 });
dashscope.predictions.list({
  created_after: new Date(),
  created_before: "2026-01-01T00:00:00Z",
  source: "web",
});
// @ts-expect-error: the service filters by "web" only
dashscope.predictions.list({ source: "api" });
dashscope.models.list({ sort_by: "model_created_at", sort_direction: "asc" });
// @ts-expect-error: not one of the document's sorts
dashscope.models.list({ sort_by: "run_count" });
// paginate takes the list function's own options, filters included
dashscope.paginate(dashscope.predictions.list, { source: "web" });
// @ts-expect-error: a misspelt filter
dashscope.paginate(dashscope.predictions.list, { sorce: "web" });
dashscope.paginate((options) => dashscope.predictions.list(options));
