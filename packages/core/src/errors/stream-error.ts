import { DashscopeError, named } from "./dashscope-error";

/** An `error` event on a prediction's event stream. `detail` is what the server said. */
export class StreamError extends /* @__PURE__ */ named("StreamError", DashscopeError) {
  declare readonly detail: string;

  constructor(detail: string) {
    super(`The prediction failed while streaming: ${detail}`);
    this.detail = detail;
  }
}
