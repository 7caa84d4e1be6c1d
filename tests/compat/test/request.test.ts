import Dashscope, { InvalidArgumentError } from "dashscope";
import { describe, expect, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

/** What a client sent, seen through its own fetch (the requests still reach the emulator). */
function recordRequests(client: Dashscope) {
  const sent: Array<{ url: string; method: string; body: string | null; contentType: string | null }> = [];
  const inner = client.fetch;
  client.fetch = async (url, init) => {
    const request = new Request(url, init);
    sent.push({
      url: request.url.replace(server.baseUrl, ""),
      method: request.method,
      body: init?.body instanceof FormData ? "(form)" : ((init?.body as string | undefined) ?? null),
      contentType: request.headers.get("content-type")?.split(";")[0] ?? null,
    });
    return inner(url, init);
  };
  return sent;
}

describe("dashscope.request", () => {
  it("takes replicate's { method, data, params } and sends the body and the query", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const sent = recordRequests(client);
      const response = await client.request("/models/dashscope/hello-world/predictions", {
        method: "POST",
        data: { input: { text: "data" } },
        params: { note: "kept" },
      });
      const prediction = await response.json();
      return {
        isResponse: response instanceof Response,
        status: response.status,
        input: prediction.input,
        sent,
      };
    });
    expect(ours).toEqual({
      isResponse: true,
      status: 201,
      input: { text: "data" },
      sent: [
        {
          url: "/models/dashscope/hello-world/predictions?note=kept",
          method: "POST",
          body: '{"input":{"text":"data"}}',
          contentType: "application/json",
        },
      ],
    });
    expect(theirs).toEqual(ours);
  });

  it("takes a URL object as the route, and headers and a signal", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const response = await client.request(new URL(`${server.baseUrl}/account`), {
        method: "GET",
        headers: { "X-Extra": "1" },
        signal: new AbortController().signal,
      });
      return (await response.json()).username;
    });
    expect(ours).toBe("dashscope");
    expect(theirs).toBe(ours);
  });

  it("sends FormData data as multipart, without a JSON content type", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const sent = recordRequests(client);
      const form = new FormData();
      form.append("content", new Blob(["hi"], { type: "text/plain" }), "hi.txt");
      form.append("metadata", new Blob([JSON.stringify({ from: "form" })], { type: "application/json" }));
      const response = await client.request("/files", { method: "POST", data: form });
      const file = await response.json();
      return { name: file.name, metadata: file.metadata, contentType: sent[0]?.contentType };
    });
    expect(ours).toEqual({ name: "hi.txt", metadata: { from: "form" }, contentType: "multipart/form-data" });
    expect(theirs).toEqual(ours);
  });

  it("still takes our own query and body", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const response = await dashscope.request("/models/dashscope/hello-world/predictions", {
      method: "POST",
      body: { input: { text: "body" } },
    });
    expect((await response.json()).input).toEqual({ text: "body" });
  });

  it.each([
    ["an unknown option", { methd: "POST" }, 'option "methd"'],
    ["replicate's and our name for the query at once", { params: { a: 1 }, query: { a: 2 } }, "options"],
    ["replicate's and our name for the body at once", { data: {}, body: {} }, "options"],
  ])(
    "refuses %s with an InvalidArgumentError naming it, and sends nothing",
    async (_label, options, argument) => {
      const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
      const sent = recordRequests(dashscope);
      const error = await dashscope.request("/account", options as never).catch((caught) => caught);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.argument).toBe(argument);
      expect(sent).toEqual([]);
    },
  );

  it("refuses an unknown constructor option, and takes every one of replicate's", () => {
    expect(() => new Dashscope({ auth: token, baseURL: "http://x" } as never)).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", argument: 'option "baseURL"' }),
    );
    const dashscope = new Dashscope({
      auth: token,
      userAgent: "my-app/1.0",
      baseUrl: server.baseUrl,
      fetch: (url, init) => fetch(url, init),
      fileEncodingStrategy: "default",
      useFileOutput: false,
    });
    expect(dashscope.userAgent).toBe("my-app/1.0");
    expect(typeof dashscope.fileEncodingStrategy).toBe("function");
  });
});
