import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../src/cli-io";
import { isCodegenLimitError } from "../src/codegen-limit-error";
import { CODEGEN_LIMITS, generateModelTypes, type ModelTypesSource } from "../src/generate-model-types";
import { main } from "../src/main";
import { compileTypeScript } from "./compile-typescript";
import { scratchDirectory } from "./helpers";

// Text that would run, or break the module, if it were written into the code unescaped.
const HOSTILE = [
  "v1*/ process.exit(21); /*",
  "x\nprocess.exit(22); //",
  "x\u2028process.exit(23); //",
  "x\rprocess.exit(24); /*",
  '"; process.exit(25); "',
  "'; process.exit(26); '",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal's placeholder is the point.
  "`${process.exit(27)}`",
  "\\",
  "*/",
  "x */ } process.exit(28); { /* ",
  "\u0000 \u001b[31m \ud800",
];

/** A version's schema with hostile text in every place server strings land. */
function hostileSchema(text: string): unknown {
  return {
    components: {
      schemas: {
        Input: {
          type: "object",
          description: text,
          title: text,
          required: [text],
          properties: {
            [text]: { type: "string", description: text, title: text, default: text, format: text },
            choice: {
              allOf: [{ $ref: `#/components/schemas/${text.replace(/~/g, "~0").replace(/\//g, "~1")}` }],
            },
            pick: { enum: [text, `${text}2`, 1, null, true], description: `${text}\n${text}` },
            fixed: { const: text },
            odd: { type: text },
            nowhere: { $ref: `#/components/schemas/${text}/missing` },
            __proto__: { type: "integer", description: text },
            constructor: { type: "string" },
            tree: { $ref: "#/components/schemas/Tree" },
          },
        },
        [text]: { type: "string", enum: [text], description: text },
        Tree: {
          type: "object",
          description: text,
          properties: {
            [text]: { type: "array", items: { $ref: "#/components/schemas/Tree" } },
            [`${text}-leaf`]: {
              $ref: `#/components/schemas/${text.replace(/~/g, "~0").replace(/\//g, "~1")}`,
            },
          },
        },
        Output: { type: "array", items: { $ref: "#/components/schemas/Tree" }, description: text },
      },
    },
  };
}

/** The statements a generated module may hold at its top level: declarations, nothing that runs. */
function statementsThatRun(code: string): string[] {
  const source = ts.createSourceFile("models.ts", code, ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter((statement) => {
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return false;
      if (ts.isImportDeclaration(statement)) return !statement.importClause?.isTypeOnly;
      if (ts.isVariableStatement(statement)) {
        // `export const name = "…" as ModelRef<…>`: a string, nothing else.
        const [declaration, ...more] = statement.declarationList.declarations;
        const initializer = declaration?.initializer;
        return !(
          more.length === 0 &&
          initializer &&
          ts.isAsExpression(initializer) &&
          ts.isStringLiteral(initializer.expression)
        );
      }
      return true;
    })
    .map((statement) => statement.getText(source));
}

/** Runs the module as JavaScript with a `process` that records exits: answers its exports and the exits. */
function execute(code: string): { exports: Record<string, unknown>; exits: unknown[] } {
  const javascript = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exits: unknown[] = [];
  const exports: Record<string, unknown> = {};
  runInNewContext(javascript, {
    exports,
    module: { exports },
    require: () => ({}),
    process: { exit: (code: unknown) => exits.push(code) },
  });
  return { exports, exits };
}

describe("generateModelTypes with a hostile server", () => {
  it("escapes every server string wherever it lands: the module only declares, compiles and runs nothing", () => {
    const modules: Record<string, string> = {};
    HOSTILE.forEach((text, index) => {
      const models: ModelTypesSource[] = [
        { owner: "o", name: "n", version: text, openapiSchema: hostileSchema(text) },
        { owner: text, name: text, version: text, openapiSchema: hostileSchema(text) },
      ];
      const code = generateModelTypes(models);
      expect(statementsThatRun(code), JSON.stringify(text)).toEqual([]);
      const { exports, exits } = execute(code);
      expect(exits, JSON.stringify(text)).toEqual([]);
      expect(exports.n).toBe(`o/n:${text}`);
      modules[`models-${index}.ts`] = code;
    });
    expect(compileTypeScript(modules)).toEqual([]);
  });

  it("shows a default nested too deeply for JSON.stringify by name", () => {
    const deep = JSON.parse(`${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    const schema = {
      components: { schemas: { Input: { type: "object", properties: { x: { default: deep } } } } },
    };
    const code = generateModelTypes([{ owner: "o", name: "n", version: "1", openapiSchema: schema }]);
    expect(code).toContain("@default (nested too deeply to show)");
  });

  it("reads a leaf holding a long list, and a description of many lines, without overflowing the stack", () => {
    const many = Array.from({ length: 300_000 }, (_, i) => `v${i}`);
    const schema = {
      components: {
        schemas: {
          Input: {
            type: "object",
            properties: {
              pick: { $ref: "#/components/schemas/Pick" },
              text: { type: "string", description: "line\n".repeat(300_000) },
            },
          },
          Pick: { type: "string", examples: many },
        },
      },
    };
    const code = generateModelTypes([{ owner: "o", name: "n", version: "1", openapiSchema: schema }]);
    expect(code).toContain("pick?: string;");
  });

  it("the issue's version id stays inside its comment and its string", () => {
    const code = generateModelTypes([
      { owner: "o", name: "n", version: "v1*/ process.exit(21); /*", openapiSchema: {} },
    ]);
    expect(code).not.toMatch(/^\s*process\.exit/m);
    expect(code).toContain("/** The input of o/n:v1*\\/ process.exit(21); /*. */");
    expect(code).toContain('export const n = "o/n:v1*/ process.exit(21); /*" as ModelRef<NInput, NOutput>;');
  });

  it("names models after reserved words and globals with names tsc takes", () => {
    const schema = {
      components: { schemas: { Input: { type: "object", properties: { a: { type: "string" } } } } },
    };
    const names = [
      "eval",
      "arguments",
      "class",
      "default",
      "undefined",
      "NaN",
      "infinity",
      "await",
      "yield",
      "let",
      "static",
      "constructor",
      "__proto__",
      "model-ref",
      "123",
      "-",
      "delete",
      "delete-model",
    ];
    const code = generateModelTypes(
      names.map((name, index) => ({ owner: "o", name, version: String(index), openapiSchema: schema })),
    );
    const constants = [...code.matchAll(/^export const (\w+) =/gm)].map((match) => match[1]);
    expect(constants).toHaveLength(names.length);
    expect(new Set(constants).size).toBe(names.length);
    expect(constants).toEqual(
      expect.arrayContaining(["evalModel", "argumentsModel", "classModel", "defaultModel"]),
    );
    expect(statementsThatRun(code)).toEqual([]);
    expect(compileTypeScript({ "models.ts": code })).toEqual([]);
  });
});

/** `levels` components, each with `width` references to the next: `width ** levels` paths through it. */
function fanOut(levels: number, width: number, how: "properties" | "anyOf"): unknown {
  const schemas: Record<string, unknown> = {};
  for (let level = 0; level < levels; level++) {
    const next = { $ref: `#/components/schemas/L${level + 1}` };
    schemas[`L${level}`] =
      how === "properties"
        ? {
            type: "object",
            properties: Object.fromEntries(
              Array.from({ length: width }, (_, index) => [
                `p${index}`,
                { ...next, description: `${index}` },
              ]),
            ),
          }
        : { anyOf: Array.from({ length: width }, (_, index) => ({ ...next, title: `${index}` })) };
  }
  schemas[`L${levels}`] = { type: "object", properties: { leaf: { type: "string" } } };
  schemas.Input = { type: "object", properties: { root: { $ref: "#/components/schemas/L0" } } };
  schemas.Output = { $ref: "#/components/schemas/L0" };
  return { components: { schemas } };
}

describe("generateModelTypes is bounded", () => {
  it("writes each $ref target once: the issue's fan-out schemas give a module the size of the schema", () => {
    const modules: Record<string, string> = {};
    for (const [levels, width, how] of [
      [12, 4, "properties"],
      [20, 7, "anyOf"],
    ] as const) {
      const schema = fanOut(levels, width, how);
      const code = generateModelTypes([{ owner: "o", name: "fan", version: "1", openapiSchema: schema }]);
      // One named type per component, the leaf written in place.
      expect(code.match(/^export type FanL\d+ = /gm)).toHaveLength(levels);
      expect(code.length).toBeLessThan(20 * JSON.stringify(schema).length);
      modules[`fan-${how}.ts`] = code;
    }
    expect(compileTypeScript(modules)).toEqual([]);
  });

  it("declares recursive types, and breaks a loop TypeScript cannot resolve with unknown", () => {
    const schema = {
      components: {
        schemas: {
          Input: {
            type: "object",
            properties: {
              tree: { $ref: "#/components/schemas/Tree" },
              ring: { $ref: "#/components/schemas/A" },
              self: { $ref: "#/components/schemas/Self" },
            },
          },
          Tree: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } },
          },
          A: { anyOf: [{ $ref: "#/components/schemas/B" }, { type: "string" }] },
          B: { anyOf: [{ $ref: "#/components/schemas/A" }, { type: "number" }], nullable: true },
          Self: { allOf: [{ $ref: "#/components/schemas/Self" }] },
          Output: { $ref: "#/components/schemas/Output" },
        },
      },
    };
    const code = generateModelTypes([{ owner: "o", name: "loops", version: "1", openapiSchema: schema }]);
    expect(code).toContain("children?: LoopsTree[];");
    expect(compileTypeScript({ "models.ts": code })).toEqual([]);
  });

  const bounds: [string, unknown, string][] = [
    [
      "nesting past the depth bound",
      {
        components: {
          schemas: {
            Input: Array.from({ length: CODEGEN_LIMITS.depth + 1 }).reduce<unknown>(
              (inner) => ({ type: "object", properties: { x: inner } }),
              { type: "string" },
            ),
          },
        },
      },
      "depth",
    ],
    [
      "more enum values than the node bound",
      {
        components: {
          schemas: {
            Input: {
              type: "object",
              properties: { e: { enum: Array.from({ length: CODEGEN_LIMITS.nodes }, (_, i) => i) } },
            },
          },
        },
      },
      "nodes",
    ],
    [
      "a chain of more named types than the type bound",
      {
        components: {
          schemas: {
            Input: { type: "object", properties: { first: { $ref: "#/components/schemas/C0" } } },
            ...Object.fromEntries(
              Array.from({ length: CODEGEN_LIMITS.types + 1 }, (_, i) => [
                `C${i}`,
                { type: "object", properties: { next: { $ref: `#/components/schemas/C${i + 1}` } } },
              ]),
            ),
          },
        },
      },
      "types",
    ],
    [
      "a description longer than the output bound",
      {
        components: {
          schemas: {
            Input: {
              type: "object",
              properties: { text: { type: "string", description: "x".repeat(CODEGEN_LIMITS.outputBytes) } },
            },
          },
        },
      },
      "output bytes",
    ],
    [
      "a type list longer than the node bound, on a schema with as many fields",
      {
        components: {
          schemas: {
            Input: {
              type: "object",
              properties: {
                x: {
                  type: Array.from({ length: CODEGEN_LIMITS.nodes }, (_, i) => `t${i}`),
                  ...Object.fromEntries(Array.from({ length: CODEGEN_LIMITS.nodes }, (_, i) => [`f${i}`, i])),
                },
              },
            },
          },
        },
      },
      "nodes",
    ],
    [
      "a long enum value written in place many times (a leaf $ref, 5 GB written out)",
      {
        components: {
          schemas: {
            Long: { type: "string", enum: ["x".repeat(1024 * 1024)] },
            Input: {
              type: "object",
              properties: Object.fromEntries(
                Array.from({ length: 5_000 }, (_, i) => [`p${i}`, { $ref: "#/components/schemas/Long" }]),
              ),
            },
          },
        },
      },
      "output bytes",
    ],
  ];

  it.each(bounds)("refuses %s with a CodegenLimitError naming the bound", (_, openapiSchema, bound) => {
    let error: unknown;
    try {
      generateModelTypes([{ owner: "o", name: "big", version: "v1", openapiSchema }]);
    } catch (caught) {
      error = caught;
    }
    expect(isCodegenLimitError(error)).toBe(true);
    expect(error).toMatchObject({ bound });
    expect((error as Error).message).toContain(`the schema of "o/big:v1"`);
    expect((error as Error).message).toContain(`codegen's ${bound} bound`);
  });
});

/** `dashscope codegen` in this process, against a fake API that answers one model with `openapiSchema`. */
async function codegenAgainst(openapiSchema: unknown, version: string, args: string[] = []) {
  const cwd = await scratchDirectory();
  const stdout = { text: "", write: (text: string) => (stdout.text += text) };
  const stderr = { text: "", write: (text: string) => (stderr.text += text) };
  const io: CliIo = {
    stdout,
    stderr,
    env: { DASHSCOPE_API_TOKEN: "unused-token" },
    cwd,
    // No real server sends these (the emulator makes its own ids and checks its schemas): this is the
    // hostile server.
    fetch: async () =>
      Response.json({
        id: version,
        created_at: "2026-01-01T00:00:00Z",
        cog_version: "0",
        openapi_schema: openapiSchema,
      }),
  };
  const code = await main(["codegen", "o/model:v1", "--base-url", "http://api.test/v1", ...args], io);
  return { code, stdout: stdout.text, stderr: stderr.text, cwd };
}

describe("dashscope codegen with a hostile server", () => {
  it("writes a module that only declares", async () => {
    const result = await codegenAgainst(hostileSchema(HOSTILE[0] as string), HOSTILE[0] as string);
    expect(result.code).toBe(0);
    expect(statementsThatRun(result.stdout)).toEqual([]);
    expect(execute(result.stdout).exits).toEqual([]);
  });

  it("exits 3 with the bound named, and writes no file, for a schema past a bound", async () => {
    const schema = fanOut(3, 2, "anyOf") as { components: { schemas: Record<string, unknown> } };
    schema.components.schemas.Input = {
      type: "object",
      properties: { e: { enum: Array.from({ length: CODEGEN_LIMITS.nodes + 1 }, (_, i) => `v${i}`) } },
    };
    const result = await codegenAgainst(schema, "v1", ["--out", "models.ts"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `dashscope: the schema of "o/model:v1" takes more than ${CODEGEN_LIMITS.nodes} schema nodes`,
    );
    await expect(readFile(join(result.cwd, "models.ts"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
