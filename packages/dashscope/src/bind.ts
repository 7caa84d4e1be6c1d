import type { Client } from "@dashscope/core";

/** An area function without its first parameter, the client: what a namespace method takes. */
export type Bound<F> = F extends (client: Client, ...rest: infer Rest) => infer Result
  ? (...rest: Rest) => Result
  : never;

/** A table of area functions (nested), each without its client parameter. */
export type BoundAll<T> = {
  // biome-ignore lint/suspicious/noExplicitAny: matches every area function.
  [K in keyof T]: T[K] extends (client: Client, ...rest: any[]) => unknown ? Bound<T[K]> : BoundAll<T[K]>;
};

/**
 * A copy of `table` with `client` filled into every function, at any depth. Each function reads the
 * client at each call, so a later `dashscope.fetch = …` is seen, and it can be passed around on its own.
 */
export function bindAll<T extends object>(client: Client, table: T): BoundAll<T> {
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    bound[key] =
      typeof value === "function" ? (...rest: unknown[]) => value(client, ...rest) : bindAll(client, value);
  }
  return bound as BoundAll<T>;
}
