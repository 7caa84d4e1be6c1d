import Dashscope, { type DashscopeOptions } from "dashscope";

export interface RecordedCall {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

/** An answer that every function can read: a finished prediction, an empty page, an account. */
const UNIVERSAL_ANSWER = {
  id: "abcdefghijklmnopqrstuvwxyz",
  status: "succeeded",
  output: "ok",
  input: {},
  urls: { get: "https://api.example.com/v1/predictions/abcdefghijklmnopqrstuvwxyz" },
  previous: null,
  next: null,
  results: [],
};

export const RECORDING_BASE_URL = "https://api.example.com/v1";

/**
 * A client whose `fetch` records each call and answers at once, without a network: for properties
 * checked over thousands of generated values (which URL a call builds, what it sends), where a real
 * server would only add time. Every behaviour that needs a server is tested against one elsewhere.
 */
export function recordingClient(options: DashscopeOptions = {}) {
  const calls: RecordedCall[] = [];
  const dashscope = new Dashscope({ auth: "recording-token", baseUrl: RECORDING_BASE_URL, ...options });
  dashscope.fetch = async (input, init) => {
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : init?.body;
    calls.push({
      url: new URL(String(input)),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body,
    });
    return new Response(JSON.stringify(UNIVERSAL_ANSWER), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { dashscope, calls };
}
