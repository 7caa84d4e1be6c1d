import { DashscopeError } from "./dashscope-error";

/** An `error` event on a prediction's event stream. `detail` is what the server said. */
export class StreamError extends DashscopeError {
  declare readonly detail: string;

  constructor(detail: string) {
    super(`The prediction failed while streaming: ${detail}`);
    this.detail = detail;
  }

  override get name(): string {
    return "StreamError";
  }
}
