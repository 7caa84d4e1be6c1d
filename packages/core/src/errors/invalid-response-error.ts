import { DashscopeError } from "./dashscope-error";

/** A 2xx answer that cannot be used: malformed JSON, the wrong shape, a `next` URL on another origin. */
export class InvalidResponseError extends DashscopeError {
  override get name(): string {
    return "InvalidResponseError";
  }
}
