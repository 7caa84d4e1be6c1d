/**
 * A model named as `owner/name` or `owner/name:version`. As a type, a string without a `/` (a model
 * name alone, say) fails to compile instead of failing at run time.
 */
export type ModelName = `${string}/${string}`;

/**
 * A model identifier that carries the model's input and output types, as `dashscope codegen` writes
 * them: `"owner/name:version" as ModelRef<Input, Output>`. At run time it is the plain string, so the
 * types cost nothing in a bundle; `run`, `stream` and the creates take their input and output types
 * from it. The `"~model"` key exists only in the type (a string key, so that packages can read it
 * without importing this one).
 */
export type ModelRef<Input extends object = Record<string, unknown>, Output = unknown> = ModelName & {
  readonly "~model": { readonly input: Input; readonly output: Output };
};

/**
 * The input type of a `ModelRef`; for anything else, `Otherwise` (any object, by default, so that a
 * plain identifier takes the inputs it always took, interfaces without an index signature included).
 */
export type ModelInput<Ref, Otherwise = object> = [Ref] extends [
  { readonly "~model": { readonly input: infer Input extends object } },
]
  ? Input
  : Otherwise;

/** The output type of a `ModelRef`; for anything else, `Otherwise` (`unknown` by default). */
export type ModelOutput<Ref, Otherwise = unknown> = [Ref] extends [
  { readonly "~model": { readonly output: infer Output } },
]
  ? Output
  : Otherwise;

/**
 * What `run` resolves with (and a create's prediction carries): a `ModelRef`'s own output type; for a
 * plain identifier, `Output`. Giving `Output` (`run<string[]>(…)`) leaves `Ref` at its default, a plain
 * name, so the output given wins. Where `Output` is only inferred, from the type the result is assigned
 * to, the reference's type still wins: `const n: number = await run(helloWorld, …)` fails to compile
 * when helloWorld's output is a string. (A conditional type rather than `NoInfer`, which needs
 * TypeScript 5.4.)
 */
export type RunOutput<Ref, Output> = ModelOutput<Ref, Output>;
