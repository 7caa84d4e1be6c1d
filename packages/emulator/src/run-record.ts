export type RunKind = "prediction" | "training";
export type RunStatus = "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";
export type WebhookEvent = "start" | "output" | "logs" | "completed";
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ["start", "output", "logs", "completed"];

/** What changed on a run; listeners (waits, streams, webhooks) decide what it means to them. */
export type RunChange = "status" | "output" | "logs" | "completed";

export interface StreamEvent {
  /** 1, 2, 3, … within one run, so `Last-Event-ID: n` resumes at `events[n]`. */
  id: number;
  event: "output" | "logs" | "error" | "done";
  data: string;
}

export interface RunRecordInit {
  kind: RunKind;
  id: string;
  /** Orders lists newest first. */
  sequence: number;
  model: string;
  version: string;
  input: Record<string, unknown>;
  /** The origin of the create request, for URLs in webhook bodies (which have no request of their own). */
  origin: string;
  /** Whether the run has `urls.stream`: its model can stream (asked for or not, as on the service). */
  streamable: boolean;
  webhook: string | null;
  webhookEventsFilter: WebhookEvent[] | null;
  deployment: string | null;
}

/**
 * One prediction or training. Its status only moves forward, and once terminal nothing about it
 * changes again: every mutator below is a no-op on a terminal run.
 */
export class RunRecord {
  status: RunStatus = "starting";
  output: unknown = null;
  error: string | null = null;
  logs = "";
  startedAt: Date | null = null;
  completedAt: Date | null = null;
  readonly createdAt: Date;
  readonly events: StreamEvent[] = [];
  /** Aborted on cancel, so the model stops working. */
  readonly abortController = new AbortController();
  readonly #listeners = new Set<(change: RunChange) => void>();

  constructor(
    readonly init: RunRecordInit,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.createdAt = now();
  }

  get id(): string {
    return this.init.id;
  }

  /** When a `Cancel-After` header gave the run a deadline: the moment it ends, unless it ended before. */
  deadline: Date | null = null;

  get terminal(): boolean {
    return (
      this.status === "succeeded" ||
      this.status === "failed" ||
      this.status === "canceled" ||
      this.status === "aborted"
    );
  }

  subscribe(listener: (change: RunChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(change: RunChange): void {
    for (const listener of [...this.#listeners]) listener(change);
  }

  #pushEvent(event: StreamEvent["event"], data: string): void {
    this.events.push({ id: this.events.length + 1, event, data });
  }

  markProcessing(): void {
    if (this.status !== "starting") return;
    this.status = "processing";
    this.startedAt = this.now();
    this.#notify("status");
  }

  /** Appends one log line (a trailing newline is added), as a `logs` event too. */
  log(line: string): void {
    if (this.terminal) return;
    this.logs += `${line}\n`;
    this.#pushEvent("logs", line);
    this.#notify("logs");
  }

  /** A streamed piece of output: the output becomes the array of pieces so far. */
  appendOutput(piece: unknown): void {
    if (this.terminal) return;
    this.output = [...(Array.isArray(this.output) ? this.output : []), piece];
    // An output event's data is text: strings go as they are, anything else as JSON.
    this.#pushEvent("output", typeof piece === "string" ? piece : JSON.stringify(piece));
    this.#notify("output");
  }

  succeed(output: unknown): void {
    if (this.terminal) return;
    this.output = output;
    this.#finish("succeeded");
    this.#pushEvent("done", "{}");
    this.#notify("completed");
  }

  fail(message: string): void {
    if (this.terminal) return;
    this.error = message;
    this.#finish("failed");
    this.#pushEvent("error", JSON.stringify({ detail: message }));
    this.#pushEvent("done", JSON.stringify({ reason: "error" }));
    this.#notify("completed");
  }

  cancel(): void {
    if (this.terminal) return;
    this.#finish("canceled");
    this.#pushEvent("done", JSON.stringify({ reason: "canceled" }));
    this.abortController.abort();
    this.#notify("completed");
  }

  /** The deadline came before the run started: it ends `aborted`, and the model never runs. */
  abortBeforeStart(): void {
    if (this.terminal) return;
    this.#finish("aborted");
    this.#pushEvent("done", JSON.stringify({ reason: "aborted" }));
    this.abortController.abort();
    this.#notify("completed");
  }

  #finish(status: "succeeded" | "failed" | "canceled" | "aborted"): void {
    this.status = status;
    this.completedAt = this.now();
  }

  /** Seconds, as `metrics` gives them in docs/api.md; only once the run is over. */
  metrics(): { predict_time?: number; total_time?: number } {
    if (!this.completedAt) return {};
    const seconds = (from: Date) =>
      this.completedAt ? (this.completedAt.getTime() - from.getTime()) / 1000 : 0;
    return {
      ...(this.startedAt ? { predict_time: seconds(this.startedAt) } : {}),
      total_time: seconds(this.createdAt),
    };
  }
}
