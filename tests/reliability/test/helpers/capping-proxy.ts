import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The `Prefer` header the client sent, before the proxy shortened it. */
  prefer: string | undefined;
  /** The answer's status, once it came. */
  status?: number;
}

/**
 * A proxy in front of an emulator that holds no answer longer than `maxWaitSeconds`: it rewrites any
 * `Prefer: wait…` to `wait=<maxWaitSeconds>`, as a real server with a shorter limit would behave. With
 * it, a few seconds of model time outlive both the create's window and each long poll.
 */
export async function startCappingProxy(target: string, maxWaitSeconds: number) {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const prefer = [incoming.headers.prefer ?? []].flat().join(", ") || undefined;
    const recorded: ProxiedRequest = { method: incoming.method ?? "", path: incoming.url ?? "", prefer };
    requests.push(recorded);
    const headers = { ...incoming.headers };
    if (prefer) headers.prefer = `wait=${maxWaitSeconds}`;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers },
      (answer) => {
        recorded.status = answer.statusCode;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The API base URL through the proxy. */
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
