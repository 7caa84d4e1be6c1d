// What the area packages' tests share, so that each suite starts an emulator and checks bad arguments the same way.
import { type Client, createClient, isInvalidArgumentError } from "@dashscope/core";
import { createEmulator, EMULATOR_TOKEN, type Emulator, type EmulatorOptions } from "@dashscope/emulator";
import { expect } from "vitest";

export interface TestEmulator {
  emulator: Emulator;
  /** The API base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** A core client for it, with the emulator's token. */
  client: Client;
  close(): Promise<void>;
}

/**
 * A real emulator on 127.0.0.1 (any free port), 100× faster than real time unless `options` say
 * otherwise, and a client for it. Every suite starts its emulators here, so they all run alike.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = createEmulator({ timeScale: 0.01, ...options });
  const { url } = await emulator.listen(0);
  return {
    emulator,
    url,
    client: createClient({ auth: EMULATOR_TOKEN, baseUrl: url }),
    close: () => emulator.close(),
  };
}

/** Asserts that `call` rejects with an `InvalidArgumentError` naming `argument`, and sent nothing. */
export async function expectInvalidArgument(
  emulator: Emulator,
  call: () => Promise<unknown>,
  argument: string,
  message: RegExp,
): Promise<void> {
  const before = emulator.stats.requests.length;
  const error = await rejectionOf(call).catch((unexpected: unknown) => unexpected);
  expect(isInvalidArgumentError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ argument });
  expect((error as Error).message).toMatch(message);
  expect(emulator.stats.requests.length).toBe(before);
}

/**
 * What a promise rejected with, or what a call threw or rejected with; a call that succeeds fails the
 * test, so an assertion on the answer can never pass without the error it names.
 */
export async function rejectionOf<T = unknown>(
  promiseOrCall: Promise<unknown> | (() => unknown),
): Promise<T> {
  let value: unknown;
  try {
    value = await (typeof promiseOrCall === "function" ? promiseOrCall() : promiseOrCall);
  } catch (error) {
    return error as T;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`);
}

/** Names that must never reach the network as a path segment. */
export const BAD_SEGMENTS: unknown[] = ["a/b", "..", ".", "", "x?y", "x#y", "a\\b", 42, null, undefined];
export { type AnsweringServer, answerWith, type SeenRequest, startAnsweringServer } from "./answering-server";
