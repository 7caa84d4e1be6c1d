/**
 * Set on every error this package creates. Guards look for it instead of relying on `instanceof`,
 * which fails when two copies of the package are installed side by side.
 */
export const ERROR_MARKER: unique symbol = Symbol.for("dashscope.error") as never;

/** The root of every error thrown by Dashscope packages. */
export class DashscopeError extends Error {
  // Prototype getters (not fields): nothing to set per instance, and the stack trace's header
  // carries the class name too.
  get [ERROR_MARKER](): true {
    return true;
  }

  override get name(): string {
    return "DashscopeError";
  }
}

/**
 * `base` with `name` as its name: the one way every error class gets its name. Call it as
 * `/* @__PURE__ *\/ named(…)` so that a bundle drops the classes it does not use.
 */
// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take any arguments.
export function named<T extends new (...args: any[]) => DashscopeError>(name: string, base: T): T {
  return class extends base {
    override get name(): string {
      return name;
    }
  };
}
