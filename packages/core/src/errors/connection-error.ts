import { DashscopeError } from "./dashscope-error";

/**
 * The request never got an answer, or lost it while its body came (`cutOff`): DNS, a refused or reset
 * connection, TLS, a redirect that cannot be followed, or a failing `fetch`.
 */
export class ConnectionError extends DashscopeError {
  constructor(method: string, url: string, cause: unknown, cutOff?: boolean) {
    super(
      `${method} ${url} ${cutOff ? "failed: the answer was cut off" : "failed before an answer arrived"}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }

  override get name(): string {
    return "ConnectionError";
  }
}
