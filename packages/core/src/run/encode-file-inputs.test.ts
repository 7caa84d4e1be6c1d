import { describe, expect, it } from "vitest";
import { createClient } from "../client";
import { isInvalidArgumentError } from "../errors/guards";
import { encodeFileInputs } from "./encode-file-inputs";

const withFiles = createClient({ auth: "t", fileEncodingStrategy: async (_client, file) => `f${file.size}` });
const withoutFiles = createClient({ auth: "t" });

async function refusal(input: unknown, client = withFiles) {
  const error = await encodeFileInputs(client, input).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isInvalidArgumentError(error), "expected a refusal").toBe(true);
  return error as Error & { argument: string };
}

describe("encodeFileInputs' checks", () => {
  it.each([
    [{ n: 1n }, "input.n", /got a BigInt/],
    [{ list: [0, Number.NaN] }, "input.list[1]", /got NaN/],
    [{ deep: { "odd key": Number.NEGATIVE_INFINITY } }, 'input.deep["odd key"]', /got -Infinity/],
    [{ when: new Date(0) }, "input.when", /got a Date/],
    [{ table: new Map() }, "input.table", /got a Map/],
    [{ tags: new Set() }, "input.tags", /got a Set/],
  ])("refuses %o at %s", async (input, argument, message) => {
    const error = await refusal(input);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
  });

  it("refuses a cycle, and allows the same object twice", async () => {
    const shared = { a: 1 };
    await expect(encodeFileInputs(withFiles, { x: shared, y: [shared] })).resolves.toEqual({
      x: shared,
      y: [shared],
    });
    const cycle: Record<string, unknown> = {};
    cycle.items = [cycle];
    expect((await refusal({ cycle })).argument).toBe("input.cycle.items[0]");
  });

  it("refuses a cycle through a class instance, naming the field, and sends the instance's fields as JSON does", async () => {
    class Node {
      children: Node[] = [];
      constructor(public parent?: Node) {}
    }
    const root = new Node();
    root.children.push(new Node(root));
    for (const client of [withFiles, withoutFiles]) {
      const error = await refusal({ tree: root }, client);
      expect(error.argument).toBe("input.tree.children[0].parent");
      expect(error.message).toMatch(/got a circular reference/);
    }
    // The same instance twice is no cycle; its fields are checked, a toJSON of its own is left to JSON.
    const leaf = new Node();
    const input = { a: leaf, b: [leaf], at: new URL("https://example.com/a.png") };
    await expect(encodeFileInputs(withFiles, input)).resolves.toEqual(input);
    expect((await refusal({ leaf: Object.assign(new Node(), { size: Number.NaN }) })).argument).toBe(
      "input.leaf.size",
    );
  });

  it("refuses a file inside a class instance, which it cannot replace without changing the caller's object", async () => {
    class Holder {
      constructor(public file: Blob) {}
    }
    const holder = new Holder(new Blob(["x"]));
    const error = await refusal({ holder });
    expect(error.argument).toBe("input.holder.file");
    expect(error.message).toMatch(/inside a class instance/);
    expect(holder.file).toBeInstanceOf(Blob);
  });

  it("refuses a file input, naming it, when the client has no fileEncodingStrategy", async () => {
    const error = await refusal({ images: [new Blob(["x"])] }, withoutFiles);
    expect(error.argument).toBe("input.images[0]");
    expect(error.message).toMatch(/got a file.*fileEncodingStrategy/);
    expect((await refusal({ bytes: new Uint8Array(1) }, withoutFiles)).argument).toBe("input.bytes");
  });

  it("tells the strategy the file inputs' total size", async () => {
    const totals: Array<number | undefined> = [];
    const client = createClient({
      auth: "t",
      fileEncodingStrategy: async (_client, _file, { total }) => `${totals.push(total)}`,
    });
    await encodeFileInputs(client, { a: new Uint8Array(3), b: [new Blob(["xy"])], c: "z" });
    expect(totals).toEqual([5, 5]);
  });

  it("leaves the input as it was, holes and odd keys included", async () => {
    const input = JSON.parse('{"__proto__": {"file": 1}, "list": [1, 2]}');
    input.list[1] = new Uint8Array(2);
    const encoded = await encodeFileInputs(withFiles, input);
    expect(JSON.stringify(encoded)).toBe('{"__proto__":{"file":1},"list":[1,"f2"]}');
    expect(input.list[1]).toBeInstanceOf(Uint8Array);
  });
});
