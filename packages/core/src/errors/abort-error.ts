import { DashscopeError, named } from "./dashscope-error";

/**
 * The caller aborted through its `AbortSignal`. Named "AbortError" like the DOM's, so code that
 * checks `error.name === "AbortError"` keeps working.
 */
export class AbortError extends /* @__PURE__ */ named("AbortError", DashscopeError) {
  constructor(reason?: unknown) {
    super("The operation was aborted", { cause: reason });
  }
}
