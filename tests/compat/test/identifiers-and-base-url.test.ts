import Dashscope, { isApiError } from "dashscope";
import { describe, expect, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

describe("version ids", () => {
  it.each(["abc123", "ABCDEF"])(
    "predictions.create({ version: %j }) leaves it to the server too, as replicate does",
    async (version) => {
      const [ours, theirs] = await both(server.baseUrl, async (client) => {
        const error = await client.predictions
          .create({ version, input: { text: "x" } })
          .catch((caught) => caught);
        return (error as { response?: Response }).response?.status;
      });
      expect([404, 422]).toContain(ours);
      expect(theirs).toBe(ours);
    },
  );

  it.each(["abc123", "v1.0", "ABCDEF"])(
    "leaves %j to the server, which answers it as unknown, as replicate does",
    async (version) => {
      const [ours, theirs] = await both(server.baseUrl, async (client) => {
        const error = await client
          .run(`dashscope/hello-world:${version}`, { input: { text: "x" } })
          .catch((caught) => caught);
        return (error as { response?: Response }).response?.status;
      });
      expect([404, 422]).toContain(ours);
      expect(theirs).toBe(ours);
    },
  );

  it("still refuses an id that would change the path, naming the identifier, before sending", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const before = server.emulator.stats.requests.length;
    for (const ref of ["a/b-1.0:x/y", "a/b-1.0:", "a/b-1.0:a?b"] as const) {
      const error = await dashscope.run(ref, { input: {} }).catch((caught) => caught);
      expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "model identifier" });
    }
    expect(server.emulator.stats.requests.length).toBe(before);
  });

  it("is an ApiError from the server for an unknown id", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const error = await dashscope.run("a/b-1.0:abc123", { input: {} }).catch((caught) => caught);
    expect(isApiError(error)).toBe(true);
  });
});

describe("baseUrl", () => {
  it("reads back as it was given, a trailing slash included, and requests still resolve", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (_client, Client) => {
      const client = new Client({ auth: token, baseUrl: `${server.baseUrl}/` });
      const output = await client.run("dashscope/hello-world", { input: { text: "slash" } });
      const response = await client.request("/hardware", { method: "GET" });
      return { baseUrl: client.baseUrl, output, status: response.status, url: response.url };
    });
    expect(ours).toEqual({
      baseUrl: `${server.baseUrl}/`,
      output: "hello slash",
      status: 200,
      url: `${server.baseUrl}/hardware`,
    });
    expect(theirs).toEqual(ours);
  });
});
