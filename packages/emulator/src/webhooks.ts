import { createHmac } from "node:crypto";
import { type Clock, SleepInterruptedError } from "./clock";
import type { IdSource } from "./ids";
import { type RunRecord, WEBHOOK_EVENTS, type WebhookEvent } from "./run-record";
import type { EmulatorStats } from "./types";
import { VERSION } from "./version";

/** Attempts per message, the first included: enough to test retries, bounded so nothing runs forever. */
const MAX_ATTEMPTS = 5;
/** Model time before the first retry; it doubles on each one after. */
const FIRST_RETRY_MILLISECONDS = 1000;
/** docs/api.md allows output and logs deliveries to be throttled to one per 500 ms (model time here). */
const THROTTLE_MILLISECONDS = 500;
/** Real time a receiver has to answer one attempt. */
const ATTEMPT_TIMEOUT_MILLISECONDS = 10_000;

/** The Standard Webhooks signature of one attempt: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${messageId}.${timestamp}.${body}`).digest("base64");
  return `v1,${signature}`;
}

/**
 * Sends a run's webhooks: `start` at once, `output`/`logs` throttled, `completed` at the end, each
 * signed with the emulator's one secret and retried with backoff (same `webhook-id`) on failure.
 */
export class WebhookSender {
  /** Aborted by a reset, so that nothing the runs before it set going is delivered after it. */
  #resetController = new AbortController();

  /**
   * `secret` is what `GET /webhooks/default/secret` answers; it never changes while the emulator lives.
   */
  constructor(
    readonly secret: string,
    private readonly clock: Clock,
    private readonly stats: EmulatorStats,
    private readonly ids: () => IdSource,
    private readonly render: (record: RunRecord) => unknown,
  ) {}

  reset(): void {
    this.#resetController.abort();
    this.#resetController = new AbortController();
  }

  watch(record: RunRecord): void {
    const url = record.init.webhook;
    if (url === null) return;
    const wanted = new Set<WebhookEvent>(record.init.webhookEventsFilter ?? WEBHOOK_EVENTS);
    // The runs a reset cancels finish after it: what they set going belongs to the time before.
    const resetSignal = this.#resetController.signal;
    let cancelThrottled: (() => void) | null = null;
    let lastThrottledAt = 0;

    const sendThrottled = (event: "output" | "logs") => {
      if (cancelThrottled !== null) return;
      const wait = Math.max(0, lastThrottledAt + this.clock.scale(THROTTLE_MILLISECONDS) - this.clock.now());
      cancelThrottled = this.clock.schedule(wait, () => {
        cancelThrottled = null;
        lastThrottledAt = this.clock.now();
        if (!record.terminal) this.#deliver(url, event, record, resetSignal);
      });
    };

    if (wanted.has("start")) this.#deliver(url, "start", record, resetSignal);
    const unsubscribe = record.subscribe((change) => {
      if (change === "completed") {
        unsubscribe();
        // The completed body already holds every output and log line, and nothing may follow it.
        cancelThrottled?.();
        cancelThrottled = null;
        if (wanted.has("completed")) this.#deliver(url, "completed", record, resetSignal);
      } else if ((change === "output" || change === "logs") && wanted.has(change)) {
        sendThrottled(change);
      }
    });
  }

  #deliver(url: string, event: WebhookEvent, record: RunRecord, resetSignal: AbortSignal): void {
    if (resetSignal.aborted) return;
    // The body is fixed when the event happens; retries resend it unchanged.
    const body = JSON.stringify(this.render(record));
    const messageId = this.ids().webhookMessage();
    void this.#attempt(url, event, body, messageId, record.id, resetSignal);
  }

  async #attempt(
    url: string,
    event: WebhookEvent,
    body: string,
    messageId: string,
    runId: string,
    resetSignal: AbortSignal,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (this.clock.disposed || resetSignal.aborted) return;
      if (attempt > 1) {
        try {
          await this.clock.sleepScaled(FIRST_RETRY_MILLISECONDS * 2 ** (attempt - 2), resetSignal);
        } catch (error) {
          if (error instanceof SleepInterruptedError) return;
          throw error;
        }
      }
      const status = await this.#post(url, body, messageId);
      if (this.clock.disposed || resetSignal.aborted) return;
      this.stats.webhookDeliveries.push({ url, webhookId: messageId, status, event, runId, attempt });
      if (status !== null && status >= 200 && status < 300) return;
    }
  }

  async #post(url: string, body: string, messageId: string): Promise<number | null> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const cancelTimeout = this.clock.schedule(ATTEMPT_TIMEOUT_MILLISECONDS, abort);
    this.clock.shutdownSignal.addEventListener("abort", abort, { once: true });
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        redirect: "manual",
        signal: controller.signal,
        headers: {
          "content-type": "application/json",
          "user-agent": `dashscope-emulator/${VERSION}`,
          "webhook-id": messageId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(this.secret, messageId, timestamp, body),
        },
      });
      await response.body?.cancel().catch(() => {});
      return response.status;
    } catch {
      return null;
    } finally {
      cancelTimeout();
      this.clock.shutdownSignal.removeEventListener("abort", abort);
    }
  }
}
