import { pathSegment } from "@dashscope/core";

/** `/models/{owner}/{name}`, each checked and escaped. */
export function modelRoute(owner: string, name: string): string {
  return `/models/${pathSegment(owner, "owner")}/${pathSegment(name, "name")}`;
}
