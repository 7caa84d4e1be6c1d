import { REDACTED } from "@dashscope/core";
import { heldBackFrom, secretRanges, usable } from "./redacting-output";

/** A server-sent event as `dashscope stream --json` prints it. */
export interface PrintedEvent {
  event: string;
  id: string;
  data: string;
}

/** Takes a stream's events in order and answers those ready to print, the token blanked out. */
export interface EventRedactor {
  /** Adds an event; answers the events (this one or earlier ones) that can be printed now, in order. */
  push(event: PrintedEvent): PrintedEvent[];
  /** The stream is over: answers every event still held. */
  flush(): PrintedEvent[];
}

/** The part `[from, to)` of `text` with each range in it blanked: `[redacted]` where a range starts. */
function masked(text: string, ranges: readonly [number, number][], from: number, to: number): string {
  let out = "";
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    if (at < start) out += text.slice(at, start);
    if (start >= from) out += REDACTED;
    at = Math.max(at, end);
  }
  return at < to ? out + text.slice(at, to) : out;
}

/**
 * For `stream --json`, where each event is printed as it came: a token a model streams cut across
 * `output` events would show in pieces. The output events' text is read as one: an event whose end
 * could start a token is held (and the events after it, to keep their order) until the next output
 * shows whether it does; each event of a whole token then has its piece blanked, `[redacted]` where
 * the token starts. Nothing else changes in an event, and an event that holds no token is printed
 * as it came, at most one output event later.
 */
export function createEventRedactor(secrets: () => readonly (string | undefined)[]): EventRedactor {
  let held: PrintedEvent[] = [];

  const release = (all: boolean): PrintedEvent[] => {
    const active = usable(secrets());
    const outputs = held.filter((event) => event.event === "output");
    const text = outputs.map((event) => event.data).join("");
    const ranges = secretRanges(text, active);
    const lastEnd = ranges.at(-1)?.[1] ?? 0;
    const startOfHeld = lastEnd + heldBackFrom(text.slice(lastEnd), active);
    // At the end, a start of a token left over is blanked as core's `redact` blanks one (four characters or more).
    if (all && text.length - startOfHeld >= 4) ranges.push([startOfHeld, text.length]);
    const keepFrom = all ? text.length : startOfHeld;
    const ready: PrintedEvent[] = [];
    let offset = 0;
    let index = 0;
    for (; index < held.length; index++) {
      const event = held[index] as PrintedEvent;
      if (event.event !== "output") {
        ready.push(event);
        continue;
      }
      const end = offset + event.data.length;
      // An event goes once everything in it is known: no start of a token at its end, and no token
      // running on into an event still held.
      const open = ranges.some(([start, rangeEnd]) => start < end && end < rangeEnd);
      if (end > keepFrom || (open && !all)) break;
      ready.push({ ...event, data: masked(text, ranges, offset, end) });
      offset = end;
    }
    held = held.slice(index);
    return ready;
  };

  return {
    push(event) {
      held.push(event);
      return release(false);
    },
    flush() {
      return release(true);
    },
  };
}
