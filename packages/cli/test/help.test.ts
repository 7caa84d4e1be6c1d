import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/command-table";
import { runCli } from "./helpers";

describe("--help", () => {
  it("lists every command and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name}`);
    expect(result.stdout).toContain(
      "Exit codes: 0 success, 1 the prediction failed, was canceled or aborted, 2 usage error",
    );
  });

  it.each(COMMANDS.map((command) => command.name))("dashscope %s --help", async (name) => {
    const result = await runCli([...name.split(" "), "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: dashscope ${name}`);
    expect(result.stdout).toContain("--json");
    expect(result.stdout).toContain("--token <token>");
  });

  it("shows a group's commands, and help for a topic", async () => {
    const group = await runCli(["predictions", "--help"]);
    expect(group.stdout).toContain("Usage: dashscope predictions <list|get|cancel>");
    const topic = await runCli(["help", "models", "get"]);
    expect(topic).toMatchObject({ code: 0 });
    expect(topic.stdout).toContain("Usage: dashscope models get <owner/name>");
  });

  it("exits 2 with the help on stderr when the command is missing", async () => {
    const bare = await runCli([]);
    expect(bare).toMatchObject({ code: 2, stdout: "" });
    expect(bare.stderr).toContain("dashscope: missing a command");
    const group = await runCli(["trainings"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('missing a command after "trainings"');
  });

  it("prints the version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
