import { createEmulator, EMULATOR_TOKEN, type Emulator, type EmulatorOptions } from "@dashscope/emulator";
import Dashscope, { type DashscopeOptions } from "dashscope";

export interface TestEmulator {
  emulator: Emulator;
  /** The API base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** A client for it; `options` override the defaults. */
  client(options?: DashscopeOptions): Dashscope;
  close(): Promise<void>;
}

/** A real emulator on loopback, 100× faster than real time unless told otherwise. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = createEmulator({ timeScale: 0.01, ...options });
  const { url } = await emulator.listen(0);
  return {
    emulator,
    url,
    client: (clientOptions = {}) => new Dashscope({ auth: EMULATOR_TOKEN, baseUrl: url, ...clientOptions }),
    close: () => emulator.close(),
  };
}
