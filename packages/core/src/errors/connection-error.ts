import { DashscopeError } from "./dashscope-error";

/**
 * The request never got an answer, or lost it while its body came: DNS, a refused or reset connection,
 * TLS, a redirect that cannot be followed, or a failing `fetch`.
 */
export class ConnectionError extends DashscopeError {
  constructor(method: string, url: string, cause: unknown) {
    super(
      `${method} ${url} failed before an answer arrived: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }

  override get name(): string {
    return "ConnectionError";
  }
}
