import { describe, expect, it } from "vitest";
import { eventually, runCli, spawnCli } from "./helpers";

describe("dashscope emulator", () => {
  it("serves the API until Ctrl-C, then exits 0", async () => {
    const { child, result: partial, exited } = spawnCli(["emulator", "--port", "0", "--time-scale", "0.01"]);
    const url = await eventually(
      async () => /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(partial.stdout)?.[1],
    );
    const hello = await runCli([
      "run",
      "dashscope/hello-world",
      "text=emulated",
      "--base-url",
      url,
      "--token",
      "emulator-token",
    ]);
    expect(hello).toMatchObject({ code: 0, stdout: "hello emulated\n" });
    child.kill("SIGINT");
    expect((await exited).code).toBe(0);
  });

  it("prints its address as one JSON line with --json", async () => {
    const { child, result: partial, exited } = spawnCli(["emulator", "--port", "0", "--json"]);
    const line = await eventually(async () =>
      partial.stdout.split("\n").find((text) => text.startsWith("{")),
    );
    expect(JSON.parse(line)).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
      token: "emulator-token",
    });
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
  });
});
