import { DashscopeError } from "./dashscope-error";

/** No API token was configured; thrown before the network is touched. */
export class MissingAuthError extends DashscopeError {
  constructor() {
    super(
      "No API token: pass `auth` when creating the client (new Dashscope({ auth }) or createClient({ auth })), or set the DASHSCOPE_API_TOKEN environment variable.",
    );
  }

  override get name(): string {
    return "MissingAuthError";
  }
}
