import { DashscopeError, named } from "./dashscope-error";

/** A 2xx answer that cannot be used: malformed JSON, the wrong shape, a `next` URL on another origin. */
export class InvalidResponseError extends /* @__PURE__ */ named("InvalidResponseError", DashscopeError) {}
