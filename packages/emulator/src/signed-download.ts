import { createHmac, timingSafeEqual } from "node:crypto";
import { ACCOUNT, API_PREFIX } from "./defaults";
import { HttpProblem } from "./http-problem";
import type { FileRecord } from "./state";

/** The string the service signs: `{owner} {id} {expiry}`, as the document says of `signature`. */
function signature(secret: string, owner: string, id: string, expiry: string): string {
  return createHmac("sha256", secret).update(`${owner} ${id} ${expiry}`).digest("base64");
}

/**
 * A download URL for a file: `/files/{id}/download?expiry=&owner=&signature=`, valid until the file
 * expires (`expires_at`, a Unix time in seconds), signed with the emulator's own secret.
 */
export function signedDownloadUrl(file: FileRecord, origin: string, secret: string): string {
  const url = new URL(`${origin}${API_PREFIX}/files/${encodeURIComponent(file.id)}/download`);
  const expiry = String(Math.floor(file.expiresAt.getTime() / 1000));
  url.searchParams.set("expiry", expiry);
  url.searchParams.set("owner", ACCOUNT.username);
  url.searchParams.set("signature", signature(secret, ACCOUNT.username, file.id, expiry));
  return url.toString();
}

/**
 * Checks a download request's `owner`, `expiry` and `signature` against the file and the clock. Every
 * refusal is the 404 the document lists for this operation (its only error), with a detail that says why.
 */
export function checkDownload(url: URL, fileId: string, secret: string, nowMilliseconds: number): void {
  const owner = url.searchParams.get("owner");
  const expiry = url.searchParams.get("expiry");
  const given = url.searchParams.get("signature");
  if (owner === null || expiry === null || given === null) {
    throw new HttpProblem(404, "File not found: a download URL needs owner, expiry and signature.");
  }
  const expected = Buffer.from(signature(secret, owner, fileId, expiry));
  const received = Buffer.from(given);
  if (expected.byteLength !== received.byteLength || !timingSafeEqual(expected, received)) {
    throw new HttpProblem(404, "File not found: the download URL's signature does not match.");
  }
  if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 <= nowMilliseconds) {
    throw new HttpProblem(404, "File not found: the download URL has expired.");
  }
}
