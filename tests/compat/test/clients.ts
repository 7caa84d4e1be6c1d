// One emulator per test file, and the same program run through dashscope and through replicate 1.4.0.
import Dashscope from "dashscope";
import Replicate from "replicate";
import { startEmulator } from "test-helpers";
import { afterAll, beforeAll } from "vitest";

/**
 * Programs are typed against dashscope, as renamed code is; replicate's instance runs the same code
 * (its own types differ in details that do not matter at run time).
 */
export type ClientClass = typeof Dashscope;

export const token = "emulator-token";

/** Starts an emulator for the calling test file; read `server.baseUrl` and `server.emulator` inside tests. */
export function useEmulator(options: Parameters<typeof startEmulator>[0] = {}) {
  const server = {} as {
    baseUrl: string;
    emulator: Awaited<ReturnType<typeof startEmulator>>["emulator"];
  };
  beforeAll(async () => {
    // Small pages, so that lists span several.
    const started = await startEmulator({ pageSize: 2, ...options });
    server.emulator = started.emulator;
    server.baseUrl = started.client.baseUrl;
  });
  afterAll(() => server.emulator.close());
  return server;
}

/**
 * Runs `program` with a client of each class, as the same renamed code would, and answers
 * `[dashscope's result, replicate's result]`.
 */
export async function both<T>(
  baseUrl: string,
  program: (client: Dashscope, Client: ClientClass) => Promise<T>,
): Promise<[T, T]> {
  const ours = await program(new Dashscope({ auth: token, baseUrl }), Dashscope);
  const theirs = await program(
    new Replicate({ auth: token, baseUrl }) as unknown as Dashscope,
    Replicate as unknown as ClientClass,
  );
  return [ours, theirs];
}
