import { DashscopeError, named } from "./dashscope-error";

/** A request attempt or a wait ran past its `timeout`. */
export class TimeoutError extends /* @__PURE__ */ named("TimeoutError", DashscopeError) {}
