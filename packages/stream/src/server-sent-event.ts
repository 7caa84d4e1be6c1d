/** One event of a prediction's event stream: `output`, `logs`, `error` or `done`. */
export class ServerSentEvent {
  // Declared, then set in the constructor: parameter properties would be emitted twice, as class
  // fields and as assignments.
  /** The event type; `"message"` when the server named none, as in a browser's `EventSource`. */
  declare readonly event: string;
  /**
   * The event's text; several `data:` lines are joined with `\n`. With the client's `useFileOutput`,
   * an `output` event that is a file's URL holds a `FileOutput` here, whose `String()` is that URL.
   */
  declare readonly data: string;
  /** The last event id seen, which a reconnection resumes after. */
  declare readonly id: string;
  /** The reconnection time in milliseconds, when this event's block set one with `retry:`. */
  declare readonly retry?: number;

  constructor(event: string, data: string, id: string, retry?: number) {
    Object.assign(this, { event, data, id, retry });
  }

  /** The output text, so that `process.stdout.write(String(event))` prints only output. */
  toString(): string {
    return this.event === "output" ? `${this.data}` : "";
  }
}
