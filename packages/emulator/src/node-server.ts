import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** Thrown by a handler to make the server drop the connection without answering (the "reset" fault). */
export class ConnectionResetSignal extends Error {
  override readonly name = "ConnectionResetSignal";
}

/**
 * Hands the request body to the handler as a web stream that pulls from Node's stream on demand;
 * if the handler never reads it (a 401, a 413), the rest is drained so the connection stays usable.
 */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.pause();
        incoming.on("data", (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        incoming.on("error", (error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        });
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        // The handler has what it needs (or refused the body): discard the rest as it arrives.
        settled = true;
        incoming.resume();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

function toRequest(incoming: IncomingMessage, fallbackHost: string): Request {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] ?? "", incoming.rawHeaders[index + 1] ?? "");
  }
  const method = incoming.method ?? "GET";
  const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? fallbackHost}`);
  const hasBody = method !== "GET" && method !== "HEAD";
  // `duplex` is required by Node's fetch for a streamed body but missing from the DOM typings.
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  if (hasBody) {
    init.body = bodyStream(incoming);
    init.duplex = "half";
  }
  return new Request(url, init);
}

function writeChunk(outgoing: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    outgoing.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

async function serve(
  server: Server,
  handle: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  fallbackHost: string,
): Promise<void> {
  let request: Request;
  try {
    request = toRequest(incoming, fallbackHost);
  } catch {
    outgoing.writeHead(400, { "content-type": "text/plain" }).end("Bad request");
    return;
  }
  let response: Response;
  try {
    response = await handle(request);
  } catch (error) {
    if (error instanceof ConnectionResetSignal) {
      incoming.socket.destroy();
      return;
    }
    outgoing.writeHead(500, { "content-type": "text/plain" }).end("Internal error");
    return;
  }
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => {
    outgoing.setHeader(name, value);
  });
  // A closing server hangs up after this answer instead of keeping the connection for another; a
  // stream whose headers went out before the close gets its connection closed once it ends.
  if (!server.listening) outgoing.setHeader("connection", "close");
  outgoing.once("finish", () => {
    if (!server.listening) setImmediate(() => server.closeIdleConnections());
  });
  const drainUnreadBody = () => {
    if (incoming.complete) return;
    // A body the handler never read is cancelled (so it is not buffered) and discarded as it arrives.
    request.body?.cancel().catch(() => {});
    incoming.resume();
  };
  if (!response.body) {
    outgoing.end();
    drainUnreadBody();
    return;
  }
  // Event streams must reach the client before their first event does.
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) outgoing.flushHeaders();
  const reader = response.body.getReader();
  outgoing.once("close", () => {
    if (!outgoing.writableFinished) reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Waiting for each write to be flushed means a deliberately dropped stream (the "sse-drop"
      // fault) has really delivered what it wrote before the socket goes.
      await writeChunk(outgoing, value);
    }
    outgoing.end();
    drainUnreadBody();
  } catch {
    outgoing.destroy();
  }
}

/** A node:http server answering through a fetch-style handler. */
export function createNodeServer(handle: (request: Request) => Promise<Response>): Server {
  const server = createServer((incoming, outgoing) => {
    const address = server.address();
    const fallbackHost = typeof address === "object" && address ? `127.0.0.1:${address.port}` : "127.0.0.1";
    void serve(server, handle, incoming, outgoing, fallbackHost);
  });
  // Long polls hold a request for up to 60 s; Node's default request timeout must not cut them short.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
