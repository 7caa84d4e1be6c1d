import { HttpProblem } from "../http-problem";
import { type Route, route } from "../router";

/** Output files and uploads: capability URLs (unguessable paths), so they need no token. */
export const deliveryRoutes: Route[] = [
  route(
    "GET",
    "/delivery/{key}/{filename}",
    (context) => {
      const blob = context.emulator.state.blobs.get(context.path);
      if (!blob) throw new HttpProblem(404, "No file is served here (it may have been deleted).");
      // Node buffers are never backed by a SharedArrayBuffer, which is all the stricter type rules out.
      return new Response(blob.bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: {
          "content-type": blob.contentType,
          "content-length": String(blob.bytes.byteLength),
          "cache-control": "private, max-age=3600",
          // An upload is anyone's bytes with their own content type: served on the emulator's origin,
          // an HTML or SVG file must not run as a page of it (nor be sniffed into one).
          "x-content-type-options": "nosniff",
          "content-security-policy": "sandbox",
        },
      });
    },
    "download",
  ),
];
