// Entry for workerd: the worker runs the smoke test when it is fetched and answers the steps as JSON.
// The emulator's URL, the token and the runtime's name come in the query string.
import { smoke } from "../smoke.mjs";

export default {
  async fetch(request) {
    const parameters = new URL(request.url).searchParams;
    const results = await smoke({
      baseUrl: parameters.get("baseUrl"),
      token: parameters.get("token"),
      runtime: parameters.get("runtime"),
    });
    return Response.json({ results });
  },
};
