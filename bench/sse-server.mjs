// A tiny server that speaks just enough of the API for `stream`: a create that answers a prediction
// with `urls.stream`, and that stream, which sends pre-rendered `output` events and then `done`.
//
// Why not the emulator: its echo-stream model emits one event per word with a timer in between (at
// least a millisecond each, even with `delay_ms: 0`), so 100 000 events would take minutes there.
// Here the server does next to nothing, so the time measured is the client's.
import { createServer } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";

/** Event `id` as the wire carries it: `id`, `event: output`, one `data` line. */
export function renderEvent(id) {
  return `id: ${id}\nevent: output\ndata: token ${id} \n\n`;
}

/**
 * Listens on 127.0.0.1 (an ephemeral port). Each stream sends `events` events, `eventsPerWrite` to a
 * write, and yields to the event loop between writes, so a client in the same process reads about that
 * many events per chunk; `eventsPerWrite: Infinity` writes the whole stream at once.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function listenSseServer({ events, eventsPerWrite }) {
  let predictionCount = 0;
  const whole = Number.isFinite(eventsPerWrite) ? null : Buffer.from(render(1, events + 1));
  function render(from, to) {
    let text = "";
    for (let id = from; id < to; id++) text += renderEvent(id);
    if (to > events) text += `id: ${events + 1}\nevent: done\ndata: {}\n\n`;
    return text;
  }
  async function writeStream(outgoing) {
    if (whole) {
      outgoing.end(whole);
      return;
    }
    for (let from = 1; from <= events && !outgoing.destroyed; from += eventsPerWrite) {
      const more = outgoing.write(render(from, Math.min(events + 1, from + eventsPerWrite)));
      if (!more) await new Promise((resolve) => outgoing.once("drain", resolve));
      else await nextTurn();
    }
    outgoing.end();
  }
  const server = createServer((incoming, outgoing) => {
    const origin = `http://${incoming.headers.host}`;
    if (incoming.method === "POST" && /\/predictions$/.test(incoming.url ?? "")) {
      incoming.resume();
      incoming.on("end", () => {
        const id = `sse${String(++predictionCount).padStart(23, "a")}`;
        const prediction = {
          id,
          status: "starting",
          input: {},
          output: null,
          error: null,
          logs: "",
          metrics: {},
          created_at: new Date().toISOString(),
          urls: {
            get: `${origin}/v1/predictions/${id}`,
            cancel: `${origin}/v1/predictions/${id}/cancel`,
            stream: `${origin}/v1/streams/${id}`,
          },
        };
        outgoing.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(prediction));
      });
      return;
    }
    if (incoming.method === "GET" && incoming.url?.startsWith("/v1/streams/")) {
      outgoing.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      outgoing.flushHeaders();
      writeStream(outgoing).catch(() => outgoing.destroy());
      return;
    }
    outgoing.writeHead(404, { "content-type": "application/problem+json" }).end('{"status":404}');
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
