import { EMULATOR_TOKEN, type Emulator, type EmulatorOptions } from "@dashscope/emulator";
import Dashscope, { type DashscopeOptions } from "dashscope";
import { startEmulator as startSharedEmulator } from "test-helpers";

export interface TestEmulator {
  emulator: Emulator;
  /** The API base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** A client for it; `options` override the defaults. */
  client(options?: DashscopeOptions): Dashscope;
  close(): Promise<void>;
}

/** The shared test emulator, with a `Dashscope` client factory: these suites vary the client's options. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const { emulator, url, close } = await startSharedEmulator(options);
  return {
    emulator,
    url,
    client: (clientOptions = {}) => new Dashscope({ auth: EMULATOR_TOKEN, baseUrl: url, ...clientOptions }),
    close,
  };
}
