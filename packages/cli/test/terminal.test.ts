import { execFileSync, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, cliPath, EMULATOR_TOKEN, scratchDirectory, startEmulator } from "./helpers";

// util-linux `script` runs a command under a pseudo-terminal, so the CLI sees a terminal.
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Runs a shell command under a pseudo-terminal and answers everything it drew, escape codes and all. */
function underTerminal(
  command: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...env, COLUMNS: "120" }, cwd });
    let screen = "";
    child.stdout.on("data", (chunk) => {
      screen += chunk;
    });
    child.on("close", (code) => resolve({ code, screen }));
  });
}

describe.skipIf(!hasScript)("on a terminal", () => {
  it("shows a progress bar from the logs that reaches 100%", async () => {
    const server = await startEmulator({ timeScale: 0.05 });
    const cwd = await scratchDirectory();
    const env = cleanEnvironment({ DASHSCOPE_BASE_URL: server.url, DASHSCOPE_API_TOKEN: EMULATOR_TOKEN });
    const { code, screen } = await underTerminal(
      `"${process.execPath}" "${cliPath}" run dashscope/gradient width=32 height=32`,
      env,
      cwd,
    );
    expect(code).toBe(0);
    const text = stripVTControlCharacters(screen);
    expect(text).toMatch(/succeeded +\|█{30}\| 100% \| 10\/10 \| [\d.]+ it\/s \| ETA 0s/);
    // The bar hides the cursor while it draws, and gives it back.
    expect(screen).toContain("\u001b[?25l");
    expect(screen).toContain("\u001b[?25h");
    expect(text).toContain(join("outputs", "out-0.png"));
    expect(await readdir(join(cwd, "outputs"))).toEqual(["out-0.png"]);
  });

  it("draws tables with a header, and plain lines with --no-progress", async () => {
    const server = await startEmulator();
    const cwd = await scratchDirectory();
    const env = cleanEnvironment({ DASHSCOPE_BASE_URL: server.url, DASHSCOPE_API_TOKEN: EMULATOR_TOKEN });
    const node = `"${process.execPath}" "${cliPath}"`;
    const { code, screen } = await underTerminal(
      `${node} hardware && ${node} run dashscope/hello-world text=tty --no-progress`,
      env,
      cwd,
    );
    expect(code).toBe(0);
    const lines = stripVTControlCharacters(screen).split(/\r?\n/);
    expect(lines).toContain("SKU            NAME");
    expect(lines).toContain("cpu            CPU");
    expect(lines.some((line) => /^prediction [a-z2-7]{26} succeeded$/.test(line))).toBe(true);
    expect(lines).toContain("hello tty");
  });
});
