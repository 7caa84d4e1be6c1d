import { afterEach } from "vitest";
import { createEmulator, EMULATOR_TOKEN, type Emulator, type EmulatorOptions } from "../src/index";

export interface TestServer {
  emulator: Emulator;
  /** The API base URL, ending in `/v1`. */
  url: string;
  /** `fetch` of `url + path` with the token (unless `token: null`) and JSON body handling. */
  api(path: string, init?: ApiInit): Promise<Response>;
}

export interface ApiInit extends Omit<RequestInit, "body"> {
  json?: unknown;
  body?: BodyInit | null;
  token?: string | null;
}

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** A listening emulator at a fast time scale, closed after the test. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestServer> {
  const emulator = createEmulator({ timeScale: 0.01, seed: 1, ...options });
  running.push(emulator);
  const { url } = await emulator.listen(0);
  return {
    emulator,
    url,
    api: (path, init = {}) => {
      const { json, token = EMULATOR_TOKEN, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (token !== null) merged.set("authorization", `Bearer ${token}`);
      if (json !== undefined) merged.set("content-type", "application/json");
      return fetch(path.startsWith("http") ? path : `${url}${path}`, {
        ...rest,
        headers: merged,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
  };
}

/** An answer read loosely: tests reach into it and leave the checking to their assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above; the emulator's own code never uses it.
export type Loose = any;

export async function json<T = Loose>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Polls `read` until `done` says so; bounded, so a broken emulator fails the test instead of hanging it. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  attempts = 400,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not reached in time");
}

export interface ParsedEvent {
  id: string | null;
  event: string;
  data: string;
}

/** A small SSE parser per the HTML spec: enough to check what the emulator writes. */
export function parseEvents(text: string): { events: ParsedEvent[]; comments: number } {
  const events: ParsedEvent[] = [];
  let comments = 0;
  let id: string | null = null;
  let event = "";
  let data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (data.length > 0 || event !== "")
        events.push({ id, event: event || "message", data: data.join("\n") });
      id = null;
      event = "";
      data = [];
      continue;
    }
    if (line.startsWith(":")) {
      comments += 1;
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "id") id = value;
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return { events, comments };
}

/** Reads a body to its end or its failure, keeping what arrived before a failure. */
export async function readAll(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  if (!reader) return { text, failed: false };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return { text, failed: false };
  } catch {
    return { text, failed: true };
  }
}
