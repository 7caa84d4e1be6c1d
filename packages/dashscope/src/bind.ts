import type { Client } from "@dashscope/core";

/** An area function without its first parameter, the client: what a namespace method takes. */
export type Bound<F> = F extends (client: Client, ...rest: infer Rest) => infer Result
  ? (...rest: Rest) => Result
  : never;

/**
 * `method` with `client` filled in. The method reads the client at each call, so a later
 * `dashscope.fetch = …` is seen, and the result can be passed around on its own.
 */
// biome-ignore lint/suspicious/noExplicitAny: the constraint accepts every area function.
export function bind<F extends (client: Client, ...rest: any[]) => unknown>(
  client: Client,
  method: F,
): Bound<F> {
  return ((...rest: unknown[]) => method(client, ...rest)) as Bound<F>;
}
