import { describe, expect, it } from "vitest";
import { createClient } from "../client";
import { createRunRequest } from "./run-request";

describe("createRunRequest", () => {
  const client = createClient({ auth: "r8_test_token_123", timeout: 1000 });

  it.each([
    [undefined, 1000],
    [false, 1000],
    [5, 6000],
    [60, 61_000],
    // `wait: true` asks for the server's longest hold, 60 s.
    [true, 61_000],
  ])("gives an attempt with wait %s the time the server may hold it: %s ms", async (wait, timeout) => {
    const options = await createRunRequest(client, { input: {}, wait }, {});
    expect(options.timeout).toBe(timeout);
  });

  it("adds the held seconds to a timeout of the caller's", async () => {
    const options = await createRunRequest(client, { input: {}, wait: 10, timeout: 500 }, {});
    expect(options.timeout).toBe(10_500);
  });

  it("refuses a wait that is no whole number of seconds from 1 to 60", async () => {
    for (const wait of [0, 61, 1.5, "5"]) {
      await expect(createRunRequest(client, { input: {}, wait: wait as never }, {})).rejects.toThrow(
        /Invalid wait: expected true or a whole number of seconds from 1 to 60/,
      );
    }
  });
});
