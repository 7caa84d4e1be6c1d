import { DashscopeError } from "./dashscope-error";

/** A bad option or argument, caught before anything is sent. `argument` names it. */
export class InvalidArgumentError extends DashscopeError {
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`Invalid ${argument}: ${message}`);
    this.argument = argument;
  }

  override get name(): string {
    return "InvalidArgumentError";
  }
}
