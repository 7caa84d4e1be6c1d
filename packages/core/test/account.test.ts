import { createEmulator } from "@dashscope/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, type Client, createClient, getAccount, isApiError } from "../src/index";

const emulator = createEmulator({ timeScale: 0.01 });
let client: Client;

beforeAll(async () => {
  const { url } = await emulator.listen(0);
  client = createClient({ auth: "emulator-token", baseUrl: url });
});

afterAll(async () => {
  await emulator.close();
});

describe("getAccount against the emulator", () => {
  it("returns the account of the token", async () => {
    expect(await getAccount(client)).toMatchObject({
      type: "organization",
      username: "dashscope",
      name: "Dashscope Emulator",
    });
  });

  it("is a 401 AuthenticationError with a request id for a wrong token, and the token is not in it", async () => {
    const error = await getAccount({ ...client, auth: "wrong-token-value" }).catch((caught) => caught);
    expect(isApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ name: "ApiError", status: 401 });
    expect(error.requestId).toBeTruthy();
    expect(error.message).not.toContain("wrong-token-value");
  });
});
