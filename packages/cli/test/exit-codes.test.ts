import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { eventually, type Loose, runCli, startEmulator } from "./helpers";

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("usage errors exit 2, naming the argument and why", () => {
  it.each([
    [["rnu", "dashscope/hello-world"], 'unknown command "rnu". Did you mean "run"?'],
    [["predictons", "list"], 'Did you mean "predictions"?'],
    [["models", "lst"], 'unknown command "models lst". Did you mean "models list"?'],
    [["run", "dashscope/hello-world", "--tokn", "x"], 'unknown option "--tokn". Did you mean "--token"?'],
    [["hardware", "--cursor", "x"], '"dashscope hardware" has no option --cursor'],
    // Names every object inherits are not options either.
    [["run", "dashscope/hello-world", "--constructor"], 'unknown option "--constructor"'],
    [["run", "dashscope/hello-world", "--__proto__"], 'unknown option "--__proto__"'],
    [["run"], '"dashscope run" needs <model>'],
    [["predictions", "get"], '"dashscope predictions get" needs <id>'],
    [["account", "extra"], 'unexpected argument "extra"'],
    [["run", "not-a-model"], '"not-a-model" is not a model'],
    [["run", "dashscope/hello-world", "text"], '"text" is not an input: write inputs as key=value'],
    [["emulator", "--port", "99999"], '--port "99999": expected a port from 0 to 65535'],
  ])("dashscope %j", async (args, message) => {
    const result = await runCli(args, { env: { DASHSCOPE_API_TOKEN: "unused-token" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  it("without a token, before anything is sent", async () => {
    const server = await startEmulator();
    const result = await runCli(["account", "--base-url", server.url]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain("no API token: pass --token <token> or set DASHSCOPE_API_TOKEN");
    expect(server.emulator.stats.requests).toHaveLength(0);
  });

  it("with a base URL that is not one", async () => {
    const result = await runCli(["account", "--token", "some-token", "--base-url", "ftp:/nowhere"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--base-url: expected an absolute http(s) URL, got "ftp:/nowhere"');
  });

  it("for inputs the schema does not take or cannot coerce, before anything is run", async () => {
    const server = await startEmulator();
    const typo = await runCli(["run", "dashscope/hello-world", "txt=Alice"], { server });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'txt=Alice: dashscope/hello-world has no input "txt"; did you mean "text"?',
    );
    const integer = await runCli(["run", "dashscope/gradient", "width=wide"], { server });
    expect(integer.code).toBe(2);
    expect(integer.stderr).toContain("width=wide: expected an integer");
    const boolean = await runCli(["run", "dashscope/sleep", "seconds=1", "fail=maybe"], { server });
    expect(boolean.stderr).toContain("fail=maybe: expected true or false");
    const missingFile = await runCli(["run", "dashscope/image-info", "image=@no-such-file.png"], { server });
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain(
      "image=@no-such-file.png: cannot read no-such-file.png: no such file",
    );
    expect(server.emulator.stats.predictionsCreated).toBe(0);
  });
});

describe("API and network errors exit 3, with status and detail and never the token", () => {
  const token = "secret-token-that-must-not-show";

  it("a wrong token (401)", async () => {
    const server = await startEmulator();
    const result = await runCli(["account", "--token", token, "--base-url", server.url]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the API answered 401");
    expect(result.stderr).toContain(`GET ${server.url}/account`);
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it("an unknown model (404)", async () => {
    const server = await startEmulator();
    const result = await runCli(["run", "dashscope/no-such-model", "text=x"], { server });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /the API answered 404 .*\n {2}GET .*\/models\/dashscope\/no-such-model \(request id \S+\)/,
    );
  });

  it("an input the server refuses (422), with its fields", async () => {
    const server = await startEmulator();
    const result = await runCli(["run", "dashscope/gradient", "width=5000"], { server });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the API answered 422");
    expect(result.stderr).toMatch(/^ {2}input\.width: /m);
  });

  it("a server error that outlasts the retries (503)", async () => {
    const server = await startEmulator({ tokens: [token] });
    server.emulator.injectFault({ kind: "503", match: "GET /hardware", times: 10 });
    const result = await runCli(["hardware", "--token", token, "--base-url", server.url]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the API answered 503");
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it("a refused connection", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await runCli(["account", "--token", token, "--base-url", url]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`GET ${url}/account failed before an answer arrived`);
    expect(result.stdout + result.stderr).not.toContain(token);
  });
});

describe("predictions that do not succeed exit 1", () => {
  it("a prediction canceled by someone else", async () => {
    const server = await startEmulator();
    const exited = runCli(["run", "dashscope/sleep", "seconds=1000"], { server });
    const running = await eventually(async () => {
      const page = await server.api("/predictions");
      return page.results.find((prediction: Loose) => prediction.status === "processing");
    });
    await server.api(`/predictions/${running.id}/cancel`, {});
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`prediction ${running.id} was canceled`);
  });
});
