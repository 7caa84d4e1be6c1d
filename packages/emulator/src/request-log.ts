import { exceedsJsonNesting } from "./json-nesting";
import type { ReceivedRequest } from "./types";

export interface RequestLogLimits {
  /** Entries kept; the oldest is dropped past it. */
  maxEntries: number;
  /** Bytes of each body kept; a longer body is kept cut, as text, marked `truncated`. */
  maxBodyBytes: number;
  /** A JSON body nested deeper is kept as text: rendering it again must never fail. */
  maxJsonDepth: number;
}

/** The longest start of `bytes` of at most `maxBytes` that does not cut a UTF-8 character. */
function utf8Prefix(bytes: Uint8Array, maxBytes: number): Uint8Array {
  let end = Math.min(maxBytes, bytes.byteLength);
  // 0b10xxxxxx is a continuation byte: the character it belongs to started before it.
  while (end > 0 && end < bytes.byteLength && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end);
}

/**
 * What `GET /_emulator/requests` and `emulator.requests` show, bounded so that a long session or a
 * hostile client cannot grow it without end: at most `maxEntries` entries, at most `maxBodyBytes` of
 * each body, only what can be rendered again. A reset empties it (in place, so a test holding the
 * array sees that too).
 */
export class RequestLog {
  readonly entries: ReceivedRequest[] = [];

  constructor(readonly limits: RequestLogLimits) {}

  add(entry: ReceivedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limits.maxEntries) {
      this.entries.splice(0, this.entries.length - this.limits.maxEntries);
    }
  }

  /**
   * Keeps a body on its entry: JSON parsed (the API reads every body as JSON, whatever its declared
   * type, so a text body that is a JSON object or array is parsed too), other text as text.
   */
  keepBody(entry: ReceivedRequest, bytes: Uint8Array, contentType: string): void {
    if (bytes.byteLength === 0) return;
    if (bytes.byteLength > this.limits.maxBodyBytes) {
      entry.body = new TextDecoder().decode(utf8Prefix(bytes, this.limits.maxBodyBytes));
      entry.truncated = true;
      return;
    }
    const text = new TextDecoder().decode(bytes);
    entry.body = text;
    if (!(/[/+]json\b/i.test(contentType) || /^\s*[[{]/.test(text))) return;
    if (exceedsJsonNesting(text, this.limits.maxJsonDepth)) return;
    try {
      entry.body = JSON.parse(text);
    } catch {
      // Not JSON after all: kept as text.
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}
