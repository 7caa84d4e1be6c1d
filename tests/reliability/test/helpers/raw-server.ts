import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RawRequest {
  method: string;
  /** The path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type RawHandler = (request: RawRequest, response: ServerResponse) => void | Promise<void>;

export interface RawServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Every request, in arrival order, with its whole body. */
  requests: RawRequest[];
  close(): Promise<void>;
}

/**
 * A bare `node:http` server on 127.0.0.1 and an ephemeral port, for answers the emulator never gives:
 * HTML pages, truncated JSON, gigantic bodies, garbage event streams, redirects. It records every
 * request, so a test can see what reached it (and what did not).
 */
export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: RawRequest = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    try {
      await handler(request, response);
    } catch {
      // A client that hung up mid-answer is part of what these servers test.
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `status` with `body` (a string, JSON-encoded otherwise) and the given headers. */
export function answer(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const contentType = typeof body === "string" ? "text/plain" : "application/json";
  response.writeHead(status, { "content-type": contentType, "x-request-id": "raw-request", ...headers });
  response.end(text);
}

/**
 * Streams `totalBytes` of `chunk` repeated, honouring back-pressure, so that a 50 MB answer costs
 * the server no 50 MB buffer. Stops early when the client goes away.
 */
export async function writeRepeated(
  response: ServerResponse,
  chunk: Buffer,
  totalBytes: number,
): Promise<void> {
  let written = 0;
  while (written < totalBytes && !response.destroyed) {
    const piece = written + chunk.length <= totalBytes ? chunk : chunk.subarray(0, totalBytes - written);
    written += piece.length;
    if (!response.write(piece)) {
      await new Promise<void>((resolve) => {
        response.once("drain", resolve);
        response.once("close", resolve);
      });
    }
  }
}
