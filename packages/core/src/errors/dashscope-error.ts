/**
 * Set on every error this package creates. Guards look for it instead of relying on `instanceof`,
 * which fails when two copies of the package are installed side by side.
 */
export const ERROR_MARKER: unique symbol = Symbol.for("dashscope.error") as never;

/** The root of every error thrown by Dashscope packages. */
export class DashscopeError extends Error {
  declare readonly [ERROR_MARKER]: true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, ERROR_MARKER, { value: true });
  }

  // A prototype getter (not a field) so that the stack trace's header carries the class name too.
  override get name(): string {
    return "DashscopeError";
  }
}
