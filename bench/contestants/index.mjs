// Both clients behind one small interface. Each is loaded on its own, so a child process that runs
// one of them carries none of the other's code in its memory.
export const CONTESTANT_NAMES = ["dashscope", "replicate"];

/** The token the emulator (and the bench's own servers) accept. */
export const TOKEN = "emulator-token";

/** @param {"dashscope" | "replicate"} name @param {string} baseUrl */
export async function connectContestant(name, baseUrl) {
  if (!CONTESTANT_NAMES.includes(name)) throw new Error(`Unknown client "${name}"`);
  const contestant = await import(`./${name}.mjs`);
  return contestant.connect(baseUrl, { token: TOKEN });
}
