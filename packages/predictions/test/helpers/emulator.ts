import { type Client, createClient, type Prediction } from "@dashscope/core";
import { createEmulator, type Emulator, type EmulatorOptions } from "@dashscope/emulator";

export interface TestEmulator {
  emulator: Emulator;
  client: Client;
  url: string;
}

/** A real emulator on 127.0.0.1 (any free port) at a time scale of 0.01, and a client for it. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = createEmulator({ timeScale: 0.01, ...options });
  const { url } = await emulator.listen(0);
  return { emulator, url, client: createClient({ auth: "emulator-token", baseUrl: url }) };
}

/** Resolves once `condition` holds, checking every 10 ms; for triggers such as "the create has arrived". */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

export type AnyPrediction = Prediction<Record<string, unknown>, unknown>;

/** The error `promise` rejects with; a promise that resolves fails the test. */
export async function rejectionOf<T = Error & { prediction: AnyPrediction }>(
  promise: Promise<unknown>,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
