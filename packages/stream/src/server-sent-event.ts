/** One event of a prediction's event stream: `output`, `logs`, `error` or `done`. */
export class ServerSentEvent {
  constructor(
    /** The event type; `"message"` when the server named none, as in a browser's `EventSource`. */
    readonly event: string,
    /** The event's text; several `data:` lines are joined with `\n`. */
    readonly data: string,
    /** The last event id seen, which a reconnection resumes after. */
    readonly id: string,
    /** The reconnection time in milliseconds, when this event's block set one with `retry:`. */
    readonly retry?: number,
  ) {}

  /** The output text, so that `process.stdout.write(String(event))` prints only output. */
  toString(): string {
    return this.event === "output" ? this.data : "";
  }
}
