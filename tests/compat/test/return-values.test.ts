import Dashscope from "dashscope";
import { describe, expect, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

describe("what each method resolves with, as replicate's", () => {
  it("files.create(file, metadata) uploads the positional metadata", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const file = await client.files.create(new Blob(["hello"], { type: "text/plain" }), {
        purpose: "test",
      });
      return { metadata: file.metadata, size: file.size, got: (await client.files.get(file.id)).metadata };
    });
    expect(ours).toEqual({ metadata: { purpose: "test" }, size: 5, got: { purpose: "test" } });
    expect(theirs).toEqual(ours);
  });

  it("files.create(file, metadata, { signal }) takes replicate's third argument", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const file = await dashscope.files.create(
      new Blob(["x"]),
      { filename: "kept as metadata" },
      {
        signal: new AbortController().signal,
      },
    );
    expect(file.metadata).toEqual({ filename: "kept as metadata" });
  });

  it("files.delete and deployments.delete resolve true", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client, Client) => {
      const file = await client.files.create(new Blob(["bye"]));
      const fileDeleted = await client.files.delete(file.id);
      const name = `gone-${Client.name.toLowerCase()}`;
      await client.deployments.create({
        name,
        model: "dashscope/hello-world",
        version: (await client.models.get("dashscope", "hello-world")).latest_version?.id as string,
        hardware: "cpu",
        min_instances: 0,
        max_instances: 1,
      });
      const deploymentDeleted = await client.deployments.delete("dashscope", name);
      return { fileDeleted, deploymentDeleted };
    });
    expect(ours).toEqual({ fileDeleted: true, deploymentDeleted: true });
    expect(theirs).toEqual(ours);
  });

  it("predictions.cancel and trainings.cancel resolve the canceled object", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const prediction = await client.predictions.create({
        model: "dashscope/sleep",
        input: { seconds: 100 },
      });
      const canceled = await client.predictions.cancel(prediction.id);
      const version = (await client.models.get("dashscope", "tiny-trainer")).latest_version?.id as string;
      const training = await client.trainings.create("dashscope", "tiny-trainer", version, {
        destination: "dashscope/compat-trained",
        input: { steps: 1000 },
      });
      const trainingCanceled = await client.trainings.cancel(training.id);
      return [
        canceled.id === prediction.id,
        canceled.status,
        trainingCanceled.id === training.id,
        trainingCanceled.status,
      ];
    });
    expect(ours).toEqual([true, "canceled", true, "canceled"]);
    expect(theirs).toEqual(ours);
  });

  it("the other methods resolve the same shapes", async () => {
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const shape = (value: unknown) =>
        Array.isArray(value)
          ? "array"
          : value && typeof value === "object"
            ? Object.keys(value).sort().join()
            : typeof value;
      return {
        account: shape(await client.accounts.current()),
        hardware: shape(await client.hardware.list()),
        models: shape(await client.models.list()),
        collections: shape(await client.collections.list()),
        collection: shape(await client.collections.get("built-in")),
        versions: shape(await client.models.versions.list("dashscope", "hello-world")),
        predictions: shape(await client.predictions.list()),
        trainings: shape(await client.trainings.list()),
        deployments: shape(await client.deployments.list()),
        files: shape(await client.files.list()),
        secret: shape(await client.webhooks.default.secret.get()),
      };
    });
    expect(ours.hardware).toBe("array");
    expect(ours.predictions).toBe("next,previous,results");
    expect(theirs).toEqual(ours);
  });

  it("files.create, files.get and files.list reject their promise on a bad argument, never throw", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const calls = [
      () => dashscope.files.create("not a file" as never),
      () => dashscope.files.get("a/b"),
      () => dashscope.files.list({ cursor: 42 as never }),
    ];
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await expect(promise).rejects.toMatchObject({ name: "InvalidArgumentError" });
    }
  });
});
