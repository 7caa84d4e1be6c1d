import { DashscopeError, named } from "./dashscope-error";

/**
 * The request never got an answer, or lost it while its body came (`cutOff`): DNS, a refused or reset
 * connection, TLS, a redirect that cannot be followed, or a failing `fetch`.
 */
export class ConnectionError extends /* @__PURE__ */ named("ConnectionError", DashscopeError) {
  constructor(method: string, url: string, cause: unknown, cutOff?: boolean) {
    super(
      `${method} ${url} failed${cutOff ? ": the answer was cut off" : " before an answer arrived"}: ${(cause as Error)?.message ?? cause}`,
      { cause },
    );
  }
}
