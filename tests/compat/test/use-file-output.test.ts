import Dashscope from "dashscope";
import { describe, expect, it } from "vitest";
import { token, useEmulator } from "./clients";

const server = useEmulator();

describe("useFileOutput, set on the client after construction", () => {
  it("true turns URL outputs into streams with url() and blob(), false back into strings", async () => {
    // replicate leaves the emulator's http:// outputs as strings whatever the setting, so only ours is
    // checked here.
    const client = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const ours = await (async () => {
      const input = { width: 8, height: 8 };
      client.useFileOutput = true as never;
      const [file] = (await client.run("dashscope/gradient", { input })) as Array<{
        url(): URL;
        blob(): Promise<Blob>;
      }>;
      const asFile = {
        stream: file instanceof ReadableStream,
        url: file?.url().pathname.endsWith(".png"),
        type: (await file?.blob())?.type,
      };
      client.useFileOutput = false as never;
      const [url] = (await client.run("dashscope/gradient", { input })) as unknown[];
      return { asFile, afterwards: typeof url };
    })();
    expect(ours).toEqual({ asFile: { stream: true, url: true, type: "image/png" }, afterwards: "string" });
  });
});
