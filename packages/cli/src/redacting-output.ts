import { redact } from "@dashscope/core";
import type { OutputStream } from "./cli-io";

/** An output stream that blanks the token out of everything written to it; `flush` writes what it holds. */
export interface RedactingOutput extends OutputStream {
  flush(): void;
}

// What core's `redact` leaves alone: a value this short is no real token.
const SHORTEST_SECRET = 6;
// How deeply `redactValue` walks an answer; far past any real one, well short of the stack's end.
const MAX_DEPTH = 1000;
const TOO_DEEP = `[nested more than ${MAX_DEPTH} levels deep]`;
// The longest form of one character of a token: `\u0041`.
const LONGEST_ENCODED_CHARACTER = 6;

/** The secrets worth blanking: trimmed as core's `redact` trims them, short ones left out. */
export function usable(secrets: readonly (string | undefined)[]): string[] {
  return [...new Set(secrets.map((secret) => secret?.trim() ?? ""))].filter(
    (secret) => secret.length >= SHORTEST_SECRET,
  );
}

/** `text` with every whole occurrence of each secret blanked, in any of the encodings core's `redact` knows. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text;
  for (const secret of usable(secrets)) redacted = redact(redacted, secret);
  return redacted;
}

/**
 * A copy of `value` with the secrets blanked out of every string in it, names of fields included.
 * Server answers go through it before the CLI encodes them as JSON (`--json`, a table cell, an object
 * output): an echo already escaped once (`\u0041`) would be escaped twice, beyond what `redact` reads.
 * Past `MAX_DEPTH` levels, a part is replaced by a note saying so: it could not be printed anyway
 * (`JSON.stringify` overflows the stack first), and the rest can.
 */
export function redactValue<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const active = usable(secrets);
  if (active.length === 0) return value;
  const visit = (item: unknown, depth: number): unknown => {
    if (typeof item === "string") return redactSecrets(item, active);
    if (typeof item === "object" && item !== null && depth > MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(item)) return item.map((entry) => visit(entry, depth + 1));
    if (typeof item !== "object" || item === null) return item;
    // Plain data only (what JSON answers are); an instance of a class is left as it is.
    const prototype = Object.getPrototypeOf(item);
    if (prototype !== Object.prototype && prototype !== null) return item;
    // `Object.fromEntries` keeps a field named `__proto__` a field.
    return Object.fromEntries(
      Object.entries(item).map(([key, field]) => [redactSecrets(key, active), visit(field, depth + 1)]),
    );
  };
  return visit(value, 0) as T;
}

/**
 * Whether `text` from `at` to its end could be the start of `token` (from its character `index`), as
 * one of the forms core's `redact` recognises: each character as itself, after a backslash, as
 * `\u00XX` or as `%XX`, in any case, the last form possibly cut short.
 */
function continuesToken(text: string, at: number, token: string, index: number): boolean {
  if (at === text.length) return true;
  if (index === token.length) return false;
  for (const form of formsOf(token[index] as string)) {
    const piece = text.slice(at, at + form.length);
    if (piece.toLowerCase() !== form.slice(0, piece.length).toLowerCase()) continue;
    if (piece.length < form.length || continuesToken(text, at + form.length, token, index + 1)) return true;
  }
  return false;
}

/** The forms core's `redact` recognises a token's character in: itself, after a backslash, `\u00XX`, `%XX`. */
function formsOf(char: string): string[] {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
  return [char, `\\${char}`, `\\u00${hex}`, `%${hex}`];
}

/** Where a whole `token` (from its character `index`) that starts at `at` ends in `text`, or -1. */
function tokenEnd(text: string, at: number, token: string, index: number): number {
  if (index === token.length) return at;
  for (const form of formsOf(token[index] as string)) {
    if (text.slice(at, at + form.length).toLowerCase() !== form.toLowerCase()) continue;
    const end = tokenEnd(text, at + form.length, token, index + 1);
    if (end >= 0) return end;
  }
  return -1;
}

/** Where each whole occurrence of a secret lies in `text`: `[start, end)` pairs, in order. */
export function secretRanges(text: string, secrets: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = 0; at < text.length; ) {
    let end = -1;
    for (const secret of secrets) {
      end = tokenEnd(text, at, secret, 0);
      if (end >= 0) break;
    }
    if (end > at) {
      ranges.push([at, end]);
      at = end;
    } else at += 1;
  }
  return ranges;
}

/** Where the longest end of `text` that could start a secret begins; `text.length` when none could. */
export function heldBackFrom(text: string, secrets: readonly string[]): number {
  let from = text.length;
  for (const secret of secrets) {
    const window = secret.length * LONGEST_ENCODED_CHARACTER;
    for (let at = Math.max(0, text.length - window); at < from; at++) {
      if (continuesToken(text, at, secret, 0)) {
        from = at;
        break;
      }
    }
  }
  return from;
}

/**
 * Wraps `stream` so that nothing written to it shows a secret (`secrets()` is read at each write).
 * A token cut across two writes (a streamed output's pieces) is caught too: the end of a write that
 * could start a token is held back until the next write shows whether it does, or `flush` (the end of
 * the command) writes it, with any start of a token still there blanked as core's `redact` does.
 */
export function redactingOutput(
  stream: OutputStream,
  secrets: () => readonly (string | undefined)[],
): RedactingOutput {
  let held = "";
  return {
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    write(text: string) {
      const active = usable(secrets());
      if (active.length === 0 && !held) return stream.write(text);
      // The newline ends the text for `redact`, which would otherwise blank a start of a token at the
      // end: here that start is held back instead, to be redacted whole with the write that completes it.
      const whole = redactSecrets(`${held}${text}\n`, active).slice(0, -1);
      const from = heldBackFrom(whole, active);
      held = whole.slice(from);
      return from > 0 ? stream.write(whole.slice(0, from)) : true;
    },
    flush() {
      if (!held) return;
      const rest = redactSecrets(held, secrets());
      held = "";
      stream.write(rest);
    },
  };
}
