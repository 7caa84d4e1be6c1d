import { describe, expect, it } from "vitest";
import { eventually, type Loose, spawnCli, startEmulator } from "./helpers";

describe("Ctrl-C (SIGINT)", () => {
  it("during run cancels the prediction on the server and exits 130", async () => {
    const server = await startEmulator();
    const { child, exited } = spawnCli(["run", "dashscope/sleep", "seconds=1000"], { server });
    const running = await eventually(async () => {
      const page = await server.api("/predictions");
      return page.results.find((prediction: Loose) => prediction.status === "processing");
    });
    child.kill("SIGINT");
    const result = await exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`interrupted; prediction ${running.id} canceled`);
    expect((await server.api(`/predictions/${running.id}`)).status).toBe("canceled");
  });

  it("during stream cancels the prediction on the server and exits 130", async () => {
    const server = await startEmulator();
    const words = Array.from({ length: 50 }, (_, index) => `word${index}`).join(" ");
    const {
      child,
      result: partial,
      exited,
    } = spawnCli(["stream", "dashscope/echo-stream", `prompt=${words}`, "delay_ms=60000"], { server });
    // The first word streams at once; the next one is 600 ms (scaled) away.
    await eventually(async () => partial.stdout.startsWith("word0"));
    child.kill("SIGINT");
    const result = await exited;
    expect(result.code).toBe(130);
    const page = await server.api("/predictions");
    expect(page.results[0]).toMatchObject({ model: "dashscope/echo-stream", status: "canceled" });
    expect(result.stderr).toContain(`interrupted; prediction ${page.results[0].id} canceled`);
  });
});
