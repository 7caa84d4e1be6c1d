import Dashscope, { type RunOptions } from "dashscope";
import Replicate from "replicate";
import { afterEach, describe, expect, it, vi } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

afterEach(() => {
  vi.restoreAllMocks();
});

const METHODS = ["run", "stream", "wait", "paginate", "request"] as const;

describe("run, stream, wait, paginate and request", () => {
  it("are methods of the prototype, as replicate's are", () => {
    for (const name of METHODS) {
      expect(typeof Dashscope.prototype[name], name).toBe("function");
      expect(typeof Replicate.prototype[name], name).toBe("function");
    }
  });

  it("can be spied on through the prototype, even for a client made before the spy", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client, Client) => {
      const spy = vi.spyOn(Client.prototype, "run").mockResolvedValue("mocked");
      const output = await client.run("dashscope/hello-world", { input: { text: "x" } });
      const calls = spy.mock.calls.length;
      const self = spy.mock.contexts[0] === client;
      spy.mockRestore();
      return { output, calls, self };
    });
    expect(ours).toEqual({ output: "mocked", calls: 1, self: true });
    expect(theirs).toEqual(ours);
  });

  it("can be overridden by a subclass, which can call super", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (_client, Client) => {
      class Logged extends Client {
        calls: string[] = [];
        // As replicate's types have it, but for `progress`: run's own is typed by the model.
        // biome-ignore lint/suspicious/noExplicitAny: the loosest override, as a subclass written for replicate has it
        override async run(
          ref: `${string}/${string}`,
          options: RunOptions,
          // biome-ignore lint/suspicious/noExplicitAny: see above
          progress?: (prediction: any) => void,
          // biome-ignore lint/suspicious/noExplicitAny: see above
        ): Promise<any> {
          this.calls.push(ref);
          return super.run(ref, options, progress);
        }
      }
      const logged = new Logged({ auth: token, baseUrl: server.baseUrl });
      const output = await logged.run("dashscope/hello-world", { input: { text: "sub" } });
      return { output, calls: logged.calls };
    });
    expect(ours).toEqual({ output: "hello sub", calls: ["dashscope/hello-world"] });
    expect(theirs).toEqual(ours);
  });

  it("take the bound namespace functions: dashscope.paginate(dashscope.predictions.list)", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      await client.predictions.create({ model: "dashscope/hello-world", input: { text: "bound" } });
      const first = await client.paginate(client.predictions.list).next();
      return Array.isArray(first.value) && first.value.length > 0;
    });
    expect(ours).toBe(true);
    expect(theirs).toBe(ours);
  });

  it("also work detached from the client (beyond replicate, whose methods need `this`)", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const { run, request, wait, predictions } = dashscope;
    expect(await run("dashscope/hello-world", { input: { text: "detached" } })).toBe("hello detached");
    expect((await request("/hardware")).status).toBe(200);
    const prediction = await predictions.create({ model: "dashscope/hello-world", input: { text: "w" } });
    expect((await wait(prediction)).output).toBe("hello w");
  });
});
