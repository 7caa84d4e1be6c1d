import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coerceInputs, parseInputArguments } from "./coerce-input";
import { findInputSchema } from "./input-schema";

// The shape Cog writes: enums behind `allOf: [{ $ref }]`, and an `Input` object with `x-order`.
const document = {
  components: {
    schemas: {
      scheduler: { type: "string", enum: ["DDIM", "K_EULER"], title: "scheduler" },
      Input: {
        type: "object",
        required: ["prompt"],
        properties: {
          prompt: { type: "string" },
          steps: { type: "integer" },
          guidance: { type: "number" },
          safe: { type: "boolean" },
          sizes: { type: "array", items: { type: "integer" } },
          images: { type: "array", items: { type: "string", format: "uri" } },
          options: { type: "object" },
          seed: { anyOf: [{ type: "integer" }, { type: "null" }] },
          scheduler: { allOf: [{ $ref: "#/components/schemas/scheduler" }], default: "DDIM" },
        },
      },
    },
  },
};

const schema = findInputSchema(document, "Input");
const coerce = (...pairs: string[]) =>
  coerceInputs(parseInputArguments(pairs), { schema, document, model: "me/model", cwd: directory });

let directory = "";
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "coerce-"));
  await writeFile(join(directory, "a.png"), "A");
  await writeFile(join(directory, "b.jpg"), "BB");
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("coerceInputs", () => {
  it("types numbers, integers, booleans, arrays and objects by the schema", async () => {
    expect(
      await coerce(
        "prompt=a=b",
        "steps=20",
        "guidance=7.5",
        "safe=no",
        "sizes=[512, 768]",
        'options={"a":1}',
        "seed=42",
        "scheduler=K_EULER",
      ),
    ).toEqual({
      prompt: "a=b",
      steps: 20,
      guidance: 7.5,
      safe: false,
      sizes: [512, 768],
      options: { a: 1 },
      seed: 42,
      scheduler: "K_EULER",
    });
  });

  it("keeps strings that look like numbers as strings where the schema says string", async () => {
    expect(await coerce("prompt=42")).toEqual({ prompt: "42" });
  });

  it("builds an array from one bare item, or from a repeated key", async () => {
    expect(await coerce("sizes=64")).toEqual({ sizes: [64] });
    expect(await coerce("sizes=64", "sizes=[128, 256]")).toEqual({ sizes: [64, 128, 256] });
  });

  it("reads key=@path as a typed Blob, also into arrays; key=@@text is literal", async () => {
    const input = await coerce("prompt=@@mention", "images=@a.png", "images=@b.jpg");
    expect(input.prompt).toBe("@mention");
    const [first, second] = input.images as Blob[];
    expect([first?.type, first?.size, second?.type, second?.size]).toEqual(["image/png", 1, "image/jpeg", 2]);
    expect(await (first as Blob).text()).toBe("A");
  });

  it.each([
    [["steps=2.5"], "steps=2.5: expected an integer"],
    [["guidance=lots"], "guidance=lots: expected a number"],
    [["guidance="], "guidance=: expected a number"],
    [["safe=perhaps"], "safe=perhaps: expected true or false"],
    [["sizes=[1,"], "sizes=[1,: expected a JSON array"],
    [["options=[1]"], "options=[1]: expected a JSON object"],
    [["scheduler=PNDM"], 'scheduler=PNDM: expected one of "DDIM", "K_EULER"'],
    [["promt=x"], 'promt=x: me/model has no input "promt"; did you mean "prompt"?'],
    [["prompt=a", "prompt=b"], 'prompt=b: input "prompt" is given more than once'],
    [["images=@missing.png"], "images=@missing.png: cannot read missing.png: no such file"],
    [["images=@"], 'images=@: expected a file path after "@"'],
  ])("refuses %j", async (pairs, message) => {
    await expect(coerce(...pairs)).rejects.toThrow(message);
  });

  // Names every object inherits, and the one that names its prototype: each an input like any other.
  const INHERITED_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"];

  it.each(INHERITED_NAMES)(
    "takes an input named %s that the schema declares, as an own property",
    async (name) => {
      const withName = {
        type: "object",
        properties: { [name]: { type: "integer" }, other: { type: "string" } },
      };
      // JSON.parse makes even `__proto__` an own key, as a version's schema from the API has it.
      const declared = JSON.parse(JSON.stringify({ components: { schemas: { Input: withName } } }));
      const input = await coerceInputs(parseInputArguments([`${name}=7`, "other=x"]), {
        schema: findInputSchema(declared, "Input"),
        document: declared,
        model: "me/model",
        cwd: directory,
      });
      expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
      expect(Object.keys(input)).toEqual([name, "other"]);
      expect(Object.getOwnPropertyDescriptor(input, name)?.value).toBe(7);
      expect(JSON.parse(JSON.stringify(input))).toEqual(JSON.parse(`{"${name}":7,"other":"x"}`));
    },
  );

  it.each(INHERITED_NAMES)(
    "refuses an input named %s that the schema lacks, as any unknown name",
    async (name) => {
      await expect(coerce(`${name}=1`)).rejects.toThrow(`${name}=1: me/model has no input "${name}"`);
    },
  );

  it.each(INHERITED_NAMES)(
    "keeps an input named %s as a string when the version has no schema",
    async (name) => {
      const input = await coerceInputs(parseInputArguments([`${name}=1`]), {
        schema: undefined,
        document: undefined,
        model: "me/model",
        cwd: directory,
      });
      expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
      expect(JSON.stringify(input)).toBe(`{"${name}":"1"}`);
    },
  );

  it("leaves values as strings when the version has no schema", async () => {
    const input = await coerceInputs(parseInputArguments(["n=1", "flag=true"]), {
      schema: undefined,
      document: undefined,
      model: "me/model",
      cwd: directory,
    });
    expect(input).toEqual({ n: "1", flag: "true" });
  });
});

describe("parseInputArguments", () => {
  it("splits at the first =", () => {
    expect(parseInputArguments(["url=https://x/?a=b"])).toEqual([
      { key: "url", value: "https://x/?a=b", argument: "url=https://x/?a=b" },
    ]);
  });

  it.each(["text", "=value", "two words=x"])("refuses %j", (argument) => {
    expect(() => parseInputArguments([argument])).toThrow("is not an input: write inputs as key=value");
  });
});
