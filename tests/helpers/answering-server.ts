import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Client, createClient } from "@dashscope/core";

/** What an answering server saw of one request. */
export interface SeenRequest {
  method: string;
  /** The path and query, as sent: `/v1/models?sort_by=model_created_at`. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface AnsweringServer {
  client: Client;
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A plain HTTP server on 127.0.0.1 (any free port) that records each request and answers it with
 * `answer`, for answers the emulator does not give; and a client for it that never retries.
 */
export async function startAnsweringServer(
  answer: (request: SeenRequest, response: ServerResponse, origin: string) => void,
): Promise<AnsweringServer> {
  const requests: SeenRequest[] = [];
  let origin = "";
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(seen);
    answer(seen, response, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client: createClient({ auth: "test-token", baseUrl: `${origin}/v1`, maxRetries: 0 }),
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `body` with `status` and a content type: JSON unless `body` is a string. */
export function answerWith(
  response: ServerResponse,
  status: number,
  body?: unknown,
  contentType?: string,
): void {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, text ? { "content-type": contentType ?? "application/json" } : {});
  response.end(text);
}
