import { describe, expect, it } from "vitest";
import { preferWaitHeader } from "./prefer-wait";
import { checkWebhookOptions } from "./webhook-options";

describe("checkWebhookOptions", () => {
  it("accepts absolute http(s) URLs and known events", () => {
    expect(() =>
      checkWebhookOptions({
        webhook: "https://example.com/hook",
        webhook_events_filter: ["start", "completed"],
      }),
    ).not.toThrow();
    expect(() => checkWebhookOptions({})).not.toThrow();
  });

  it.each(["/relative", "example.com/hook", "ftp://example.com", "", 5])(
    "rejects the webhook %j in replicate's words, naming the argument",
    (webhook) => {
      let error: unknown;
      try {
        checkWebhookOptions({ webhook: webhook as string });
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        name: "InvalidArgumentError",
        argument: "webhook",
        message: expect.stringMatching(/^Invalid webhook URL: expected an absolute http\(s\) URL, got /),
      });
    },
  );

  it("rejects unknown events and non-arrays, naming the allowed events", () => {
    expect(() => checkWebhookOptions({ webhook_events_filter: ["start", "finished" as never] })).toThrow(
      'Invalid webhook_events_filter: expected an array of the events start, output, logs, completed, got ["start","finished"]',
    );
    expect(() => checkWebhookOptions({ webhook_events_filter: "start" as never })).toThrow(
      /Invalid webhook_events_filter: expected an array/,
    );
  });
});

describe("preferWaitHeader", () => {
  it("asks for the longest wait, a given number of seconds, or none", () => {
    expect(preferWaitHeader(true)).toEqual({ Prefer: "wait" });
    expect(preferWaitHeader(5)).toEqual({ Prefer: "wait=5" });
    expect(preferWaitHeader(undefined)).toEqual({});
    expect(preferWaitHeader(false)).toEqual({});
  });

  it.each([0, 61, 1.5, "5"])("rejects %j", (wait) => {
    expect(() => preferWaitHeader(wait as never)).toThrow(
      /^Invalid wait: expected true or a whole number of seconds from 1 to 60/,
    );
  });
});
