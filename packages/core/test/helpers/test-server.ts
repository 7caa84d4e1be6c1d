import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

// Every server a test starts is closed after it, so no test file keeps its own list.
const openServers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A raw HTTP server on 127.0.0.1 with an ephemeral port, closed after the test that started it, for answers the emulator would never give:
 * exact statuses in sequence, HTML pages, hung connections. Each request is recorded; handlers are
 * used in order, the last one repeating.
 */
export async function startTestServer(...handlers: Handler[]) {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(recorded);
    const handler = handlers[Math.min(requests.length, handlers.length) - 1];
    await handler?.(recorded, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const started = {
    origin: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  openServers.push(started);
  return started;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    const contentType = status >= 400 ? "application/problem+json" : "application/json";
    response.writeHead(status, { "content-type": contentType, "x-request-id": "req-123", ...headers });
    response.end(JSON.stringify(body));
  };
}

export function raw(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

/** Never answers; the connection stays open until the client gives up. */
export const hang: Handler = () => {};

/** Drops the connection without an answer. */
export const reset: Handler = (_request, response) => {
  response.socket?.destroy();
};
