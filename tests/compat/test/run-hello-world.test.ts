import Dashscope from "dashscope";
import Replicate from "replicate";
import { startEmulator } from "test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let emulator: Awaited<ReturnType<typeof startEmulator>>["emulator"];
let baseUrl: string;

beforeAll(async () => {
  let client: Awaited<ReturnType<typeof startEmulator>>["client"];
  ({ emulator, client } = await startEmulator());
  baseUrl = client.baseUrl;
});
afterAll(() => emulator.close());

describe("the README's first program", () => {
  it("gives the same output through dashscope as through replicate", async () => {
    const program = async (Client: typeof Replicate | typeof Dashscope) => {
      const client = new Client({ auth: "emulator-token", baseUrl });
      return client.run("dashscope/hello-world", { input: { text: "Alice" } });
    };
    const [ours, theirs] = await Promise.all([program(Dashscope), program(Replicate)]);
    expect(ours).toBe("hello Alice");
    expect(theirs).toBe(ours);
  });
});
