// Gives each example a client: against a real API when DASHSCOPE_BASE_URL is set, otherwise against
// a local emulator started here, so the examples need no token and spend no money.
import { createEmulator } from "@dashscope/emulator";
import Dashscope from "dashscope";

export async function connect(options = {}) {
  if (process.env.DASHSCOPE_BASE_URL) {
    return {
      dashscope: new Dashscope({ baseUrl: process.env.DASHSCOPE_BASE_URL, ...options }),
      close: async () => {},
    };
  }
  const emulator = createEmulator({ timeScale: Number(process.env.DASHSCOPE_EMULATOR_TIME_SCALE ?? 0.2) });
  const { url } = await emulator.listen(0);
  const dashscope = new Dashscope({ auth: "emulator-token", baseUrl: url, ...options });
  return { dashscope, emulator, close: () => emulator.close() };
}

/** Runs one example file on its own: `node examples/run-hello-world.mjs`. */
export async function runAlone(example, options) {
  const { dashscope, close } = await connect(options);
  try {
    await example(dashscope);
  } finally {
    await close();
  }
}
