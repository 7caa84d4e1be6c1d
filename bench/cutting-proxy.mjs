// A proxy in front of the emulator that cuts off a share of the 2xx JSON answers halfway: the headers
// (with the whole body's Content-Length) and half of the body arrive, then the connection is reset.
// The emulator's own faults answer instead of a route or drop a connection before its answer; this is
// the fault between the two, where the server did its work and the answer breaks off in transit.
import { createServer } from "node:http";

/** A small seeded generator (mulberry32), so that each trial cuts the same answers for both clients. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Listens on loopback and forwards to `target` (the emulator's origin), without `Prefer: wait`. URLs
 * in the answers are rewritten to the proxy's origin, so that a client following `urls.get` stays
 * behind the proxy.
 * @param {{ target: string, rate: number, seed: number }} options
 */
export async function startCuttingProxy({ target, rate, seed }) {
  const random = seededRandom(seed);
  let origin = "";
  let cut = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks = [];
    for await (const chunk of incoming) chunks.push(chunk);
    const headers = { ...incoming.headers };
    delete headers.host;
    delete headers.connection;
    // As a server that does not hold answers: a create answers at once, and the run polls while its
    // prediction is processing, so a run that gives up midway leaves it running.
    delete headers.prefer;
    try {
      const answer = await fetch(`${target}${incoming.url}`, {
        method: incoming.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const type = answer.headers.get("content-type") ?? "";
      const passed = {};
      answer.headers.forEach((value, name) => {
        if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name))
          passed[name] = value;
      });
      if (type.startsWith("text/event-stream")) {
        outgoing.writeHead(answer.status, passed);
        for await (const chunk of answer.body ?? []) outgoing.write(chunk);
        outgoing.end();
        return;
      }
      const body = Buffer.from((await answer.text()).replaceAll(target, origin));
      outgoing.writeHead(answer.status, { ...passed, "content-length": String(body.length) });
      if (answer.ok && type.includes("json") && body.length > 1 && random() < rate) {
        cut++;
        outgoing.write(body.subarray(0, body.length >> 1));
        setTimeout(() => outgoing.socket?.destroy(), 5);
        return;
      }
      outgoing.end(body);
    } catch {
      outgoing.socket?.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** How many answers were cut off so far. */
    cuts: () => cut,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
