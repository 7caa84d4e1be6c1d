import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eventually, runCli, spawnCli } from "./helpers";

/** A GET over a real socket with the `Host` header given: `fetch` forbids forging it, `node:http` does not. */
function statusWithHost(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/account",
        headers: { host, authorization: "Bearer emulator-token" },
        setHost: false,
      },
      (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve(incoming.statusCode ?? 0));
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}

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

  it("passes --allow-origin and --allow-host (each repeatable), the body limits and the request log's limits", async () => {
    const {
      child,
      result: partial,
      exited,
    } = spawnCli([
      "emulator",
      "--port",
      "0",
      "--json",
      "--allow-origin",
      "https://one.example",
      "--allow-origin",
      "https://two.example:8443",
      "--allow-host",
      "devbox.local",
      "--allow-host",
      "other.local",
      "--max-json-depth",
      "3",
      "--max-body-bytes",
      "200",
      "--request-log-limit",
      "2",
      "--request-log-body-bytes",
      "5",
    ]);
    const line = await eventually(async () =>
      partial.stdout.split("\n").find((text) => text.startsWith("{")),
    );
    const { url } = JSON.parse(line) as { url: string };
    const { origin, port } = new URL(url);
    const headers = { authorization: "Bearer emulator-token", "content-type": "application/json" };
    const statusFrom = async (pageOrigin: string) =>
      (await fetch(`${url}/account`, { headers: { ...headers, origin: pageOrigin } })).status;
    expect(await statusFrom("https://one.example")).toBe(200);
    expect(await statusFrom("https://two.example:8443")).toBe(200);
    expect(await statusFrom("https://three.example")).toBe(403);
    expect(await statusWithHost(Number(port), "devbox.local")).toBe(200);
    expect(await statusWithHost(Number(port), `other.local:${port}`)).toBe(200);
    expect(await statusWithHost(Number(port), "elsewhere.example")).toBe(403);

    const create = (body: string) => fetch(`${url}/predictions`, { method: "POST", headers, body });
    const tooDeep = await create(JSON.stringify({ version: "x", input: { a: { b: {} } } }));
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.text()).toContain("(3 levels)");
    expect((await create(JSON.stringify({ input: { text: "x".repeat(200) } }))).status).toBe(413);

    expect((await fetch(`${origin}/_emulator/reset`, { method: "POST" })).status).toBe(204);
    await create(JSON.stringify({ version: "hello" }));
    await fetch(`${url}/account`, { headers });
    await fetch(`${url}/hardware`, { headers });
    const logged = (await (await fetch(`${origin}/_emulator/requests`)).json()) as unknown[];
    expect(logged).toEqual([
      expect.objectContaining({ method: "GET", path: "/account" }),
      expect.objectContaining({ method: "GET", path: "/hardware" }),
    ]);
    expect((await fetch(`${origin}/_emulator/reset`, { method: "POST" })).status).toBe(204);
    await create(JSON.stringify({ version: "hello" }));
    expect(await (await fetch(`${origin}/_emulator/requests`)).json()).toEqual([
      expect.objectContaining({ method: "POST", path: "/predictions", body: '{"ver', truncated: true }),
    ]);
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
  });

  it.each([
    [["--max-json-depth", "0"], '--max-json-depth "0": expected a whole number of 1 or more'],
    [["--max-body-bytes", "0"], '--max-body-bytes "0": expected a number above 0'],
    [["--request-log-limit", "1.5"], '--request-log-limit "1.5": expected a whole number of 1 or more'],
    [["--request-log-body-bytes=-1"], '--request-log-body-bytes "-1": expected a whole number of 0 or more'],
    [["--allow-origin", "https://app.example/page"], "--allow-origin must be a list of origins"],
    [["--allow-host", "devbox.local/path"], "--allow-host must be a list of host names"],
  ])("refuses %j with exit status 2, naming the flag", async (flags, message) => {
    const result = await runCli(["emulator", "--port", "0", ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("lists the pass-through flags in its help, the repeatable ones saying so", async () => {
    const { stdout } = await runCli(["emulator", "--help"]);
    for (const flag of ["--allow-origin <origin>", "--allow-host <host>", "--max-json-depth <n>"]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/--allow-origin <origin> +also answer web pages of this origin .*; repeat;/);
  });
});
