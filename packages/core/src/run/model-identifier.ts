import { invalidArgument } from "../errors/invalid-argument-error";

export interface ModelIdentifier {
  owner: string;
  name: string;
  version?: string;
}

// owner "/" name, each a letter, digit or "_" then also "." and "-"; optionally ":" and a version id.
// The version id is the server's business (it answers 404 or 422 for one it does not know): any
// non-empty id is taken that stays one path segment, without "/", "\\", "?", "#", "%" or spaces.
const IDENTIFIER = /^(\w[\w.-]*)\/(\w[\w.-]*)(?::([^\s/\\?#%:]+))?$/;

function matchIdentifier(value: unknown): RegExpExecArray | null {
  return typeof value === "string" && !value.includes("..") ? IDENTIFIER.exec(value) : null;
}

/** Parses `owner/name` or `owner/name:version`. Anything else is an error. */
export function parseModelIdentifier(ref: string): ModelIdentifier {
  const match = matchIdentifier(ref);
  if (!match) {
    throw invalidArgument("model identifier", '"owner/name" or "owner/name:version"', ref);
  }
  const [, owner = "", name = "", version] = match;
  return version ? { owner, name, version } : { owner, name };
}

/** Checks a model named without a version, `owner/name`, such as a deployment's model or a training's destination. */
export function checkModelName(value: unknown, argument: string): string {
  const match = matchIdentifier(value);
  if (!match || match[3]) throw invalidArgument(argument, '"owner/name"', value);
  return value as string;
}
