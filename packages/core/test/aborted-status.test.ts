import { describe, expect, it } from "vitest";
import { createClient, isKnownStatus, isTerminal, waitFor } from "../src/index";
import { json, startTestServer } from "./helpers/test-server";

describe("aborted, the status of a run its deadline stopped before it started", () => {
  it("is known and final", () => {
    expect(isKnownStatus("aborted")).toBe(true);
    expect(isTerminal("aborted")).toBe(true);
  });

  it("ends a wait: nothing is asked after the answer that says it", async () => {
    const api = await startTestServer(
      json(200, { id: "p1", status: "starting" }),
      json(200, { id: "p1", status: "aborted", started_at: null }),
    );
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const final = await waitFor(client, { id: "p1", status: "starting" }, "/predictions/p1", { interval: 0 });
    expect(final).toEqual({ id: "p1", status: "aborted", started_at: null });
    expect(api.requests).toHaveLength(2);
  });

  it("is not waited on when the prediction is already aborted", async () => {
    const api = await startTestServer(json(200, {}));
    const client = createClient({ auth: "t", baseUrl: api.baseUrl });
    const aborted = { id: "p1", status: "aborted" };
    expect(await waitFor(client, aborted, "/trainings/p1")).toBe(aborted);
    expect(api.requests).toHaveLength(0);
  });
});
