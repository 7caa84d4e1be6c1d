import { DashscopeError } from "./dashscope-error";

/** A request attempt or a wait ran past its `timeout`. */
export class TimeoutError extends DashscopeError {
  override get name(): string {
    return "TimeoutError";
  }
}
