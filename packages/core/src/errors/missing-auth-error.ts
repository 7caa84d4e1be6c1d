import { DashscopeError } from "./dashscope-error";

/** No API token was configured; thrown before the network is touched. */
export class MissingAuthError extends DashscopeError {
  constructor() {
    super("No API token: pass `auth` or set DASHSCOPE_API_TOKEN");
  }

  override get name(): string {
    return "MissingAuthError";
  }
}
