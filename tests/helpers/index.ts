// What the area packages' tests share, so that each suite starts an emulator and checks bad arguments the same way.
import { type Client, createClient, isInvalidArgumentError } from "@dashscope/core";
import { createEmulator, type Emulator, type EmulatorOptions } from "@dashscope/emulator";
import { expect } from "vitest";

/** A real emulator on 127.0.0.1, and a client for it. */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; client: Client }> {
  const emulator = createEmulator({ timeScale: 0.01, ...options });
  const { url } = await emulator.listen(0);
  return { emulator, client: createClient({ auth: "emulator-token", baseUrl: url }) };
}

/** Asserts that `call` rejects with an `InvalidArgumentError` naming `argument`, and sent nothing. */
export async function expectInvalidArgument(
  emulator: Emulator,
  call: () => Promise<unknown>,
  argument: string,
  message: RegExp,
): Promise<void> {
  const before = emulator.stats.requests.length;
  const error: unknown = await call().then(
    () => new Error("expected a rejection"),
    (rejection: unknown) => rejection,
  );
  expect(isInvalidArgumentError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ argument });
  expect((error as Error).message).toMatch(message);
  expect(emulator.stats.requests.length).toBe(before);
}

/** What a call rejected with. */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/** Names that must never reach the network as a path segment. */
export const BAD_SEGMENTS: unknown[] = ["a/b", "..", ".", "", "x?y", "x#y", "a\\b", 42, null, undefined];
