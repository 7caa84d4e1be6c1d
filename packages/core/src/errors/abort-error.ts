import { DashscopeError } from "./dashscope-error";

/**
 * The caller aborted through its `AbortSignal`. Named "AbortError" like the DOM's, so code that
 * checks `error.name === "AbortError"` keeps working.
 */
export class AbortError extends DashscopeError {
  constructor(reason?: unknown) {
    super("The operation was aborted", reason === undefined ? undefined : { cause: reason });
  }

  override get name(): string {
    return "AbortError";
  }
}
