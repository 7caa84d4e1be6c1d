// Serves an emulator over HTTP with its `Prefer: wait` windows scaled like its model time.
//
// The emulator scales model time by `timeScale` but keeps the 60 s window of `Prefer: wait` in real
// seconds (the window is part of the API contract). A run-latency case of "70 s at time scale 0.05"
// then finishes in 3.5 s, well inside the window, and never shows what happens to a prediction that
// outlives it. So this server rewrites `Prefer: wait=N` to `wait=N × timeScale` (the emulator holds at
// least 1 s) before handing the request to `emulator.fetch`: a server that holds answers for at most
// 3 s instead of 60 s, which the contract allows. Everything else passes through untouched.
import { createServer } from "node:http";

/** `wait`/`wait=N` → `wait=max(1, round(N × timeScale))`; other preferences are kept. */
export function scalePreferWait(header, timeScale) {
  return header
    .split(",")
    .map((preference) => {
      const [name, value] = preference.split("=").map((part) => part.trim());
      if (name.toLowerCase() !== "wait") return preference;
      const seconds = value === undefined || value === "" ? 60 : Number(value);
      return `wait=${Math.max(1, Math.round(seconds * timeScale))}`;
    })
    .join(",");
}

/**
 * Listens on 127.0.0.1 (an ephemeral port) and answers through `emulator.fetch`. Only for JSON
 * answers: bodies are read whole, which is all the run-latency benchmark needs.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function listenWithScaledWait(emulator, timeScale) {
  const server = createServer(async (incoming, outgoing) => {
    try {
      const chunks = [];
      for await (const chunk of incoming) chunks.push(chunk);
      const headers = new Headers();
      for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
        headers.append(incoming.rawHeaders[index], incoming.rawHeaders[index + 1]);
      }
      const prefer = headers.get("prefer");
      if (prefer !== null) headers.set("prefer", scalePreferWait(prefer, timeScale));
      const method = incoming.method ?? "GET";
      const response = await emulator.fetch(
        new Request(`http://${incoming.headers.host}${incoming.url}`, {
          method,
          headers,
          body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
        }),
      );
      const body = Buffer.from(await response.arrayBuffer());
      outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(body);
    } catch (error) {
      outgoing.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  // Held answers may take a while; Node's default request timeout must not cut them.
  server.requestTimeout = 0;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
