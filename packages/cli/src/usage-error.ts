/** A command line `dashscope` cannot run: the message names the argument and says why. Exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command whose `--help` explains the mistake, when one was recognised. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === "UsageError";
}
