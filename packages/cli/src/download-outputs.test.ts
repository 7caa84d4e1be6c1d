import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadError, downloadOutputs } from "./download-outputs";

let cwd = "";
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "downloads-"));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

// Serves every URL with its own path as the body, or 404 for paths that say so.
const fakeFetch = async (input: string | URL | Request) => {
  const url = new URL(String(input));
  if (url.pathname.includes("missing")) return new Response("gone", { status: 404, statusText: "Not Found" });
  return new Response(url.pathname, { headers: { "content-type": "image/webp" } });
};

describe("downloadOutputs", () => {
  it("saves every URL in the output and answers the output with paths in their place", async () => {
    const output = {
      images: ["http://files.test/a/out.png", "http://files.test/b/out.png"],
      note: "not a file",
      count: 2,
      text: "data:text/plain;base64,aGk=",
    };
    const result = await downloadOutputs(output, { directory: "saved", cwd, fetch: fakeFetch });
    expect(result.output).toEqual({
      images: [join("saved", "out.png"), join("saved", "out-1.png")],
      note: "not a file",
      count: 2,
      text: join("saved", "output.txt"),
    });
    expect(result.files.map((file) => file.url)).toEqual([...output.images, output.text]);
    expect(await readFile(join(cwd, "saved", "out-1.png"), "utf8")).toBe("/b/out.png");
    expect(await readFile(join(cwd, "saved", "output.txt"), "utf8")).toBe("hi");
  });

  it("names files safely: no way out of the directory, an extension from the content type", async () => {
    const result = await downloadOutputs(["http://files.test/x/..%2F..%2Fescape", "http://files.test/"], {
      directory: "safe",
      cwd,
      fetch: fakeFetch,
    });
    expect(result.output).toEqual([join("safe", "escape.webp"), join("safe", "output.webp")]);
    expect((await readdir(join(cwd, "safe"))).sort()).toEqual(["escape.webp", "output.webp"]);
  });

  it("fails with a DownloadError naming the URL, and leaves no partial file", async () => {
    await expect(
      downloadOutputs("http://files.test/missing.png?signature=abc", {
        directory: "failed",
        cwd,
        fetch: fakeFetch,
      }),
    ).rejects.toThrow(
      new DownloadError("downloading http://files.test/missing.png failed with 404 Not Found"),
    );
  });
});
