import { UsageError } from "../usage-error";

const OWNER_NAME = /^(\w[\w.-]*)\/(\w[\w.-]*)$/;

/** `owner/name` from the command line (a model or a deployment); anything else is a usage error. */
export function parseOwnerName(value: string, what: string): { owner: string; name: string } {
  const match = OWNER_NAME.exec(value);
  if (!match || value.includes(".."))
    throw new UsageError(`"${value}" is not a ${what}: expected owner/name`);
  return { owner: match[1] as string, name: match[2] as string };
}
