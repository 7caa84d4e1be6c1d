import type { Account, ApiError, Collection, Model, Prediction, Status } from "dashscope";
import { describe, expect, expectTypeOf, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

describe("ApiError", () => {
  it("carries the request and the response, as replicate's does", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const error = (await client.models.get("nobody", "nothing").catch((caught) => caught)) as ApiError;
      return {
        name: error.name.endsWith("Error"),
        request: error.request instanceof Request,
        method: error.request.method,
        url: error.request.url,
        response: error.response instanceof Response,
        status: error.response.status,
      };
    });
    expect(ours).toEqual({
      name: true,
      request: true,
      method: "GET",
      url: `${server.baseUrl}/models/nobody/nothing`,
      response: true,
      status: 404,
    });
    expect(theirs).toEqual(ours);
  });

  it("never lets the token be read from error.request", async () => {
    const [ours] = await both(server.baseUrl, async (client) => {
      const error = (await client.predictions.get("nothing").catch((caught) => caught)) as ApiError;
      return { authorization: error.request.headers.get("authorization"), json: JSON.stringify(error) };
    });
    expect(ours.authorization).toBeNull();
    expect(ours.json).not.toContain(token);
  });
});

// Checked by the compiler (`pnpm typecheck`): each line fails to compile if the type lacks the field.
describe("types replicate has", () => {
  it("has the status and the fields replicate's types name", () => {
    expectTypeOf<"aborted">().toMatchTypeOf<Status>();
    expectTypeOf<Prediction["data_removed"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Prediction["deadline"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Prediction["urls"]["web"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Model["is_official"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Collection["full_description"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Account["avatar_url"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError["request"]>().toEqualTypeOf<Request>();
    expectTypeOf<ApiError["response"]>().toEqualTypeOf<Response>();
  });
});
