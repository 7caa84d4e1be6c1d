import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Connection {
  headers: IncomingHttpHeaders;
  response: ServerResponse;
  /** Resolves when the client (or the server) closes this connection. */
  closed: Promise<void>;
  isClosed(): boolean;
}

/**
 * A raw HTTP server on 127.0.0.1 for event streams the emulator cannot be made to send: exact bytes,
 * `retry:` fields, error events, endless streams. `handle` gets each connection and its index.
 */
export async function startSseServer(
  handle: (connection: Connection, index: number) => void | Promise<void>,
) {
  const connections: Connection[] = [];
  const server = createServer((incoming, response) => {
    let closed = false;
    const connection: Connection = {
      headers: incoming.headers,
      response,
      closed: new Promise((resolve) =>
        response.on("close", () => {
          closed = true;
          resolve();
        }),
      ),
      isClosed: () => closed,
    };
    connections.push(connection);
    void handle(connection, connections.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts an event-stream answer and writes `text` (raw SSE lines) at once. */
export function openEventStream(response: ServerResponse, text = ""): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  response.write(text);
}

/** One SSE block. */
export function sse(event: string, data: string, id: number | string): string {
  return `event: ${event}\nid: ${id}\n${data
    .split("\n")
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}
