import { InvalidArgumentError } from "./errors/invalid-argument-error";

export interface ModelIdentifier {
  owner: string;
  name: string;
  version?: string;
}

// owner "/" name, each a letter, digit or "_" then also "." and "-"; optionally ":" and a 64-hex version.
const IDENTIFIER = /^(\w[\w.-]*)\/(\w[\w.-]*)(?::([0-9a-f]{64}))?$/;

/** Parses `owner/name` or `owner/name:version` (a 64-hex version id). Anything else is an error. */
export function parseModelIdentifier(ref: string): ModelIdentifier {
  const match = typeof ref === "string" ? IDENTIFIER.exec(ref) : null;
  if (!match || ref.includes("..")) {
    throw new InvalidArgumentError(
      "model identifier",
      `expected "owner/name" or "owner/name:version" (version: 64 hexadecimal characters), got ${JSON.stringify(ref)}`,
    );
  }
  const [, owner = "", name = "", version] = match;
  return version ? { owner, name, version } : { owner, name };
}

/**
 * Checks one path segment (an owner, a name, an id) and escapes it, so that a `/` or `..` in a
 * value is an error instead of a request to a different route.
 */
export function pathSegment(value: unknown, argument: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === ".." || /[/\\?#]/.test(value)) {
    throw new InvalidArgumentError(
      argument,
      `expected a non-empty name without "/", "?" or "#", got ${JSON.stringify(value)}`,
    );
  }
  return encodeURIComponent(value);
}
