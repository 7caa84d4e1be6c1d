import {
  type Client,
  ConnectionError,
  checkWholeNumber,
  InvalidResponseError,
  redact,
  request,
  StreamError,
  sleep,
  throwIfAborted,
} from "@dashscope/core";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ServerSentEvent } from "./server-sent-event";

/** A `ReadableStream` of events that is also async iterable, in every runtime. */
export type EventStream = ReadableStream<ServerSentEvent> & AsyncIterable<ServerSentEvent>;

export interface StreamOptions {
  signal?: AbortSignal | undefined;
  /** Reconnections in a row without an event of a new id before giving up. Defaults to 5; 0 means never. */
  maxReconnects?: number | undefined;
  /**
   * `false` keeps every event's data a string even when the client has `useFileOutput`; by default an
   * `output` event whose data is a file's URL then carries a `FileOutput` instead, as replicate's does.
   */
  useFileOutput?: boolean | undefined;
}

// An output event that is one whole URL is a file; text that merely starts like one has spaces in it.
const FILE_URL = /^(https?|data):\S+$/;

/**
 * Reads the event stream at the URL `locate` resolves to (called once, on the first read), reconnecting
 * with `Last-Event-ID` when the connection ends before `done`. Nothing is fetched until it is read.
 */
export function eventStream(
  client: Client,
  locate: (signal: AbortSignal) => string | Promise<string>,
  { signal, maxReconnects = 5, useFileOutput }: StreamOptions,
  // Called when the caller's signal ends the stream, at once, and awaited before the abort reaches the
  // consumer, so that what it starts (a cancel) is over by then.
  onAbort?: () => Promise<unknown> | undefined,
): EventStream {
  checkWholeNumber(maxReconnects, "maxReconnects");
  // Aborted when the caller aborts, the consumer cancels, or the stream ends: the one way to stop
  // connecting, sleeping and reading.
  const connection = new AbortController();
  let url: string | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let decoder: TextDecoder;
  let lastId = "";
  // The SSE reconnection time; the server may change it with `retry:`.
  let retry = 500;
  let eventRetry: number | undefined;
  let failures = 0;
  // Events parsed from the bytes read so far, handed out one per read.
  const parsed: EventSourceMessage[] = [];
  const parser = createParser({
    onEvent: (event) => parsed.push(event),
    onRetry(value) {
      retry = eventRetry = value;
    },
  });
  const close = () => {
    // Removed by hand however the stream ends (done, error, cancel, abort): a signal shared by many
    // streams would otherwise collect one listener per stream.
    signal?.removeEventListener("abort", close);
    connection.abort(signal?.reason);
    // Cancelling the reader cancels the fetch body: no more bytes are read.
    reader?.cancel().catch(() => {});
    return signal?.aborted && onAbort?.();
  };
  let listening = false;

  const events = new ReadableStream<ServerSentEvent>(
    {
      async pull(controller) {
        try {
          for (;;) {
            // Listened to from the first read on, not before: a stream nobody reads starts nothing and
            // leaves nothing on the signal. A signal that is already aborted fires no event.
            if (!listening) {
              listening = true;
              if (signal?.aborted) close();
              else signal?.addEventListener("abort", close);
            }
            // Before `locate`, which may create a prediction: an aborted stream starts nothing.
            throwIfAborted(connection.signal);
            if (!reader) {
              url ??= await locate(connection.signal);
              const response = await request(client, url, {
                headers: { Accept: "text/event-stream", ...(lastId && { "Last-Event-ID": lastId }) },
                signal: connection.signal,
              });
              const contentType = response.headers.get("content-type") ?? "";
              // Anything else (JSON, an HTML page) parses as no events and would be reconnected to
              // until `maxReconnects` runs out. Thrown, it closes the connection and its body.
              if (!/^text\/event-stream\b/i.test(contentType)) {
                throw new InvalidResponseError(
                  `The event stream answered ${contentType || "no content type"}, not text/event-stream`,
                );
              }
              reader = (response.body ?? new ReadableStream()).getReader();
              // A new connection starts with no partial line, character or event of the last one.
              decoder = new TextDecoder();
              parser.reset();
            }
            const value = parsed.shift();
            if (!value) {
              // A body that errors (a dropped connection) is read as one that ended.
              const { done, value: bytes } = await reader
                .read()
                .catch(() => ({ done: true }) as ReadableStreamReadDoneResult<Uint8Array>);
              throwIfAborted(connection.signal);
              if (!done) {
                parser.feed(decoder.decode(bytes, { stream: true }));
                continue;
              }
              reader = undefined;
              failures++;
              if (failures > maxReconnects) {
                throw new ConnectionError(
                  "GET",
                  url as string,
                  `the event stream ended ${failures} times in a row before its "done" event`,
                );
              }
              // The SSE reconnection time, doubled after each drop in a row and capped at 10 s (doubling
              // grows without bound: hours after 20 drops), then jittered to 50–100 % so that many
              // clients dropped at once do not come back at once.
              await sleep(
                Math.min(10_000, retry * 2 ** (failures - 1)) * (0.5 + Math.random() / 2),
                connection.signal,
              );
              continue;
            }
            const { id } = value;
            // A replayed event is neither passed on nor progress: only a new id resets the failures.
            // Ids increase within a prediction (docs/api.md), so an event that does not move them forward
            // was replayed by a server that ignored `Last-Event-ID`: one at or below the last when both
            // are numbers (the comparison is false when either is not), else the last one again.
            if (id && lastId && (id === lastId || Number(id) <= Number(lastId))) continue;
            if (id) failures = 0;
            lastId = id ?? lastId;
            const type = value.event ?? "message";
            if (type === "error") {
              let detail: unknown = value.data;
              try {
                detail = JSON.parse(value.data).detail ?? detail;
              } catch {}
              // Whatever its shape (an array, an object), the detail is kept as text: a server may echo
              // the request, token included, into it, and only text is blanked out.
              if (typeof detail !== "string") detail = JSON.stringify(detail);
              throw new StreamError(redact(detail as string, client.auth));
            }
            // With the client's `useFileOutput` (a mapper such as toFileOutputs), a file's URL becomes
            // a FileOutput, without this package carrying that code.
            const map = useFileOutput !== false && type === "output" && client.useFileOutput;
            const data = map && FILE_URL.test(value.data) ? map(client, value.data) : value.data;
            controller.enqueue(new ServerSentEvent(type, data as string, lastId, eventRetry));
            eventRetry = undefined;
            if (type === "done") {
              close();
              controller.close();
            }
            return;
          }
        } catch (error) {
          await close();
          throw error;
        }
      },
      cancel: close as () => Promise<void>,
    },
    // Read nothing ahead: an event is fetched only when the consumer asks for one.
    { highWaterMark: 0 },
  ) as EventStream;

  // Some browsers' ReadableStream is not async iterable yet; this one always is, and leaving the loop
  // early cancels the stream.
  events[Symbol.asyncIterator] = async function* () {
    const eventReader = events.getReader();
    try {
      for (let read = await eventReader.read(); !read.done; read = await eventReader.read()) {
        yield read.value;
      }
    } finally {
      await eventReader.cancel();
    }
  };
  return events;
}
