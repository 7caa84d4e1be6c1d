import { HttpProblem } from "./http-problem";

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth` (`{}` is depth 1). One pass over
 * the characters, no recursion, so it is safe to run before `JSON.parse` on any body: every walk
 * over a parsed body (rendering, fingerprints, validation) recurses, and a deep enough body would
 * overflow the stack.
 */
export function exceedsJsonNesting(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/** A 400 for a body nested deeper than the emulator takes, before anything parses or walks it. */
export function checkJsonNesting(text: string, maxDepth: number): void {
  if (exceedsJsonNesting(text, maxDepth)) {
    throw new HttpProblem(
      400,
      `The request body nests objects and arrays deeper than this emulator takes (${maxDepth} levels).`,
    );
  }
}
