import { DashscopeError, named } from "./dashscope-error";

/** No API token was configured; thrown before the network is touched. */
export class MissingAuthError extends /* @__PURE__ */ named("MissingAuthError", DashscopeError) {
  constructor() {
    super("No API token: pass `auth` or set DASHSCOPE_API_TOKEN");
  }
}
