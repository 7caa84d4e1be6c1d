// Compiled by each package's `typecheck` script (tsc), never run: every `@ts-expect-error` below must
// keep failing to compile, and every `expectTypeOf` must keep holding.
import type { Client } from "@dashscope/core";
import { expectTypeOf } from "vitest";
import {
  type CreatePredictionOptions,
  createPrediction,
  type ModelInput,
  type ModelOutput,
  type ModelRef,
  type Prediction,
  run,
} from "../src";

declare const client: Client;

/** What `dashscope codegen dashscope/hello-world` writes. */
interface HelloWorldInput {
  /** Text to prefix with 'hello ' */
  text?: string;
}
type HelloWorldOutput = string;
const helloWorld =
  "dashscope/hello-world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa" as ModelRef<
    HelloWorldInput,
    HelloWorldOutput
  >;

interface GradientInput {
  width: number;
  height?: number;
}
const gradient = "dashscope/gradient" as ModelRef<GradientInput, string[]>;

// A ModelRef types the input and the output.
expectTypeOf(run(client, helloWorld, { input: { text: "x" } })).resolves.toEqualTypeOf<HelloWorldOutput>();
expectTypeOf(run(client, gradient, { input: { width: 8 } })).resolves.toEqualTypeOf<string[]>();
// @ts-expect-error: a misspelt input
run(client, helloWorld, { input: { txt: "x" } });
// @ts-expect-error: an input of the wrong type
run(client, helloWorld, { input: { text: 42 } });
// @ts-expect-error: a required input missing
run(client, gradient, { input: { height: 8 } });
run(client, helloWorld, { input: { text: "x" } }, (prediction) => {
  expectTypeOf(prediction).toEqualTypeOf<Prediction<HelloWorldInput, HelloWorldOutput>>();
});
expectTypeOf<ModelInput<typeof gradient>>().toEqualTypeOf<GradientInput>();
expectTypeOf<ModelOutput<typeof gradient>>().toEqualTypeOf<string[]>();
// At run time a ModelRef is the identifier itself.
expectTypeOf(helloWorld).toMatchTypeOf<string>();
// @ts-expect-error: a plain string is no ModelRef
const notARef: ModelRef<HelloWorldInput, HelloWorldOutput> = "dashscope/hello-world";

// The ref's output wins over the type the result is assigned to.
async function annotated() {
  // @ts-expect-error: helloWorld's output is a string
  const wrong: number = await run(client, helloWorld, { input: { text: "x" } });
  const right: string = await run(client, helloWorld, { input: { text: "x" } });
  // @ts-expect-error: gradient's output is string[]
  const alsoWrong: Record<string, number> = await run(client, gradient, { input: { width: 8 } });
  return [wrong, right, alsoWrong];
}

// Plain identifiers: any object as input; `object` out, as replicate types it, unless given or assigned.
interface SomeInput {
  prompt: string;
}
declare const someInput: SomeInput;
expectTypeOf(run(client, "owner/name", { input: someInput })).resolves.toEqualTypeOf<object>();
expectTypeOf(run(client, "owner/name:version", { input: { anything: 1 } })).resolves.toEqualTypeOf<object>();
expectTypeOf(run<string[]>).returns.toEqualTypeOf<Promise<string[]>>();
expectTypeOf(run<string[]>(client, helloWorld, { input: {} })).resolves.toEqualTypeOf<string[]>();
run<string>(client, "owner/name", { input: {} }, (prediction) => {
  expectTypeOf(prediction).toEqualTypeOf<Prediction<Record<string, unknown>, string>>();
});
async function assigned() {
  const text: string = await run(client, "owner/name", { input: {} });
  const nullable: object | null = await run(client, "owner/name", { input: {} });
  return [text, nullable];
}
// @ts-expect-error: not owner/name
run(client, "hello-world", { input: {} });
// @ts-expect-error: an unknown wait mode
run(client, "owner/name", { input: {}, wait: { mode: "fast" } });
// @ts-expect-error: input is required
run(client, "owner/name", {});

// createPrediction takes a ModelRef as `model`.
expectTypeOf(createPrediction(client, { model: helloWorld, input: { text: "x" } })).resolves.toEqualTypeOf<
  Prediction<HelloWorldInput, HelloWorldOutput>
>();
// @ts-expect-error: a misspelt input
createPrediction(client, { model: helloWorld, input: { txt: "x" } });
expectTypeOf(createPrediction<{ text: string }, string>).returns.toEqualTypeOf<
  Promise<Prediction<{ text: string }, string>>
>();
expectTypeOf(createPrediction(client, { model: "owner/name", input: someInput })).resolves.toEqualTypeOf<
  Prediction<SomeInput, unknown>
>();
// Options built apart from the call keep compiling: `model` is any string there, as in replicate.
const options = { model: "owner/name", input: { text: "x" } };
createPrediction(client, options);
expectTypeOf(options).toMatchTypeOf<CreatePredictionOptions<{ text: string }>>();
// @ts-expect-error: both version and model
createPrediction(client, { version: "a".repeat(64), model: "owner/name", input: {} });
// @ts-expect-error: neither version nor model
createPrediction(client, { input: {} });
// @ts-expect-error: an unknown webhook event
createPrediction(client, { model: "owner/name", input: {}, webhook_events_filter: ["done"] });

export { annotated, assigned, notARef };
