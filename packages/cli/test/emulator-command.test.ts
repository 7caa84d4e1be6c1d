import { fileURLToPath } from "node:url";
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

  it("passes --models, --no-builtins, --seed and --webhook-secret to the emulator", async () => {
    // The emulator package's own fixture: a module whose default export is [defineModel(...)].
    const models = fileURLToPath(new URL("../../emulator/test/fixtures/models.mjs", import.meta.url));
    const {
      child,
      result: partial,
      exited,
    } = spawnCli([
      "emulator",
      "--port",
      "0",
      "--json",
      "--models",
      models,
      "--no-builtins",
      "--seed",
      "3",
      "--webhook-secret",
      "whsec_c2VjcmV0",
    ]);
    const line = await eventually(async () =>
      partial.stdout.split("\n").find((text) => text.startsWith("{")),
    );
    const { url } = JSON.parse(line) as { url: string };
    const headers = { authorization: "Bearer emulator-token" };
    const page = (await (await fetch(`${url}/models`, { headers })).json()) as {
      results: { name: string }[];
    };
    expect(page.results.map((model) => model.name)).toEqual(["shout"]);
    expect(await (await fetch(`${url}/webhooks/default/secret`, { headers })).json()).toEqual({
      key: "whsec_c2VjcmV0",
    });
    const shout = await runCli([
      "run",
      "fixture/shout",
      "text=hey",
      "--base-url",
      url,
      "--token",
      "emulator-token",
    ]);
    expect(shout).toMatchObject({ code: 0, stdout: "HEY\n" });
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
  });

  it("refuses a --models file without an array of models, with exit status 2", async () => {
    const result = await runCli(["emulator", "--port", "0", "--models", "./no-such-models.mjs"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--models ./no-such-models.mjs");
  });
});
