import type { Clock } from "./clock";
import type { RunRecord, StreamEvent } from "./run-record";

/** Model time between keep-alive comments on a quiet stream. */
const KEEP_ALIVE_MILLISECONDS = 15_000;

/**
 * One event in the wire format. Data with line breaks becomes several `data:` lines, which a client
 * joins back with `\n`; the space after `data:` is the one the parser strips, so data that starts
 * or ends with spaces arrives intact.
 */
export function formatEvent(event: StreamEvent): string {
  const dataLines = event.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `id: ${event.id}\nevent: ${event.event}\n${dataLines.join("")}\n`;
}

export interface StreamOptions {
  /** Resend only events after this id (from `Last-Event-ID`). */
  lastEventId: number | null;
  clock: Clock;
  /** For the "sse-drop" fault: fail the connection once this many events were written. */
  dropAfterEvents: number | null;
}

/** The connection was dropped on purpose (the "sse-drop" fault). */
export class StreamDroppedError extends TypeError {
  override readonly name = "StreamDroppedError";
}

/**
 * Streams a run's events as `text/event-stream`: what already happened (after `lastEventId`) at once,
 * then each new event as it happens, until `done`. After the end, a new connection gets the rest and
 * `done` without waiting; one that already saw `done` gets `done` again, so it always ends cleanly.
 */
export function eventStreamResponse(record: RunRecord, options: StreamOptions): Response {
  const { clock, dropAfterEvents } = options;
  const doneEvent = record.terminal ? record.events.at(-1) : undefined;
  let cursor = Math.max(0, Math.min(options.lastEventId ?? 0, record.events.length));
  if (doneEvent && cursor >= doneEvent.id) cursor = doneEvent.id - 1;
  let eventsWritten = 0;
  let finished = false;
  let canceled = false;
  let stopWaiting: (() => void) | null = null;
  const encoder = new TextEncoder();

  /** The next chunk to write: an event, a keep-alive comment, or null once the stream should end. */
  const nextChunk = async (): Promise<string | null> => {
    for (;;) {
      if (canceled) return null;
      const event = record.events[cursor];
      if (event) {
        cursor = event.id;
        if (event.event === "done") finished = true;
        return formatEvent(event);
      }
      if (clock.disposed) return null;
      const reason = await new Promise<"change" | "keep-alive">((resolve) => {
        const unsubscribe = record.subscribe(() => settle("change"));
        const cancelTimer = clock.schedule(Math.max(5, clock.scale(KEEP_ALIVE_MILLISECONDS)), () =>
          settle("keep-alive"),
        );
        const onShutdown = () => settle("change");
        clock.shutdownSignal.addEventListener("abort", onShutdown, { once: true });
        function settle(value: "change" | "keep-alive") {
          unsubscribe();
          cancelTimer();
          clock.shutdownSignal.removeEventListener("abort", onShutdown);
          stopWaiting = null;
          resolve(value);
        }
        stopWaiting = () => settle("change");
      });
      if (reason === "keep-alive") return ": keep-alive\n\n";
    }
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) {
          controller.close();
          return;
        }
        // With a high-water mark of 0, pull runs only once the reader took the previous chunk, so the
        // dropped connection has really delivered `dropAfterEvents` events first.
        if (dropAfterEvents !== null && eventsWritten >= dropAfterEvents) {
          throw new StreamDroppedError("The stream connection was dropped (an emulated fault).");
        }
        const chunk = await nextChunk();
        if (canceled) return;
        if (chunk === null) {
          controller.close();
          return;
        }
        if (!chunk.startsWith(":")) eventsWritten += 1;
        controller.enqueue(encoder.encode(chunk));
      },
      cancel() {
        canceled = true;
        stopWaiting?.();
      },
    },
    { highWaterMark: 0 },
  );

  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}
