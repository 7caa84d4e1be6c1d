import { setMaxListeners } from "node:events";
import { createEmulator } from "@dashscope/emulator";

/**
 * Starts an emulator on an ephemeral loopback port. The emulator adds one abort listener per pending
 * model sleep to a single shutdown signal, so more than 10 predictions at once make Node print a
 * MaxListenersExceededWarning; the bench runs hundreds, so the default limit is lifted first.
 * @returns {Promise<{ emulator: import("@dashscope/emulator").Emulator, url: string, close: () => Promise<void> }>}
 */
export async function startEmulator(options) {
  setMaxListeners(0);
  const emulator = createEmulator(options);
  const { url } = await emulator.listen(0);
  return { emulator, url, close: () => emulator.close() };
}

/** The same, without listening: for servers of the bench's own that answer through `emulator.fetch`. */
export function createQuietEmulator(options) {
  setMaxListeners(0);
  return createEmulator(options);
}
