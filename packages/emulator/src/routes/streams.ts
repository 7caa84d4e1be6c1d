import { HttpProblem } from "../http-problem";
import { type Route, route } from "../router";
import { eventStreamResponse } from "../sse";

/** A prediction's `urls.stream`: a capability URL, so it needs no token. */
export const streamRoutes: Route[] = [
  route(
    "GET",
    "/streams/{id}",
    (context) => {
      const record = context.emulator.state.predictions.get(context.params.id ?? "");
      if (!record?.init.streamable) throw new HttpProblem(404, `No stream has the id ${context.params.id}.`);
      const lastEventId = Number.parseInt(context.request.headers.get("last-event-id") ?? "", 10);
      return eventStreamResponse(record, {
        lastEventId: Number.isFinite(lastEventId) && lastEventId >= 0 ? lastEventId : null,
        clock: context.emulator.clock,
        dropAfterEvents: context.dropAfterEvents,
      });
    },
    "stream",
  ),
];
