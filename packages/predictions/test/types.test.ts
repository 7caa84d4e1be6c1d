import { createClient } from "@dashscope/core";
import { expect, expectTypeOf, it } from "vitest";
import { createPrediction, type Prediction, run } from "../src";

// Compiled by `pnpm typecheck`; the calls are built, never sent.
it("types the options and answers", () => {
  const client = createClient({ auth: "token", baseUrl: "http://127.0.0.1:1/v1" });
  const calls = [
    // @ts-expect-error: both version and model
    () => createPrediction(client, { version: "a".repeat(64), model: "owner/name", input: {} }),
    // @ts-expect-error: neither version nor model
    () => createPrediction(client, { input: {} }),
    // @ts-expect-error: an unknown webhook event
    () => createPrediction(client, { model: "owner/name", input: {}, webhook_events_filter: ["done"] }),
    // @ts-expect-error: an unknown wait mode
    () => run(client, "owner/name", { input: {}, wait: { mode: "fast" } }),
    // @ts-expect-error: input is required
    () => run(client, "owner/name", {}),
  ];
  expect(calls).toHaveLength(5);

  expectTypeOf(run<string[]>).returns.toEqualTypeOf<Promise<string[]>>();
  expectTypeOf(createPrediction<{ text: string }, string>).returns.toEqualTypeOf<
    Promise<Prediction<{ text: string }, string>>
  >();
  expectTypeOf(run<string>)
    .parameter(3)
    .toEqualTypeOf<((prediction: Prediction<Record<string, unknown>, string>) => void) | undefined>();
});
