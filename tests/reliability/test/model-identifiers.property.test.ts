import { isInvalidArgumentError, parseModelIdentifier } from "dashscope";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outcomeOf } from "./helpers/outcome";
import { RECORDING_BASE_URL, recordingClient } from "./helpers/recording-fetch";

const WORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
const wordCharacter = fc.constantFrom(...WORD_CHARACTERS);
const nameCharacter = fc.constantFrom(...`${WORD_CHARACTERS}.-`);
/** An owner or model name as the API allows it: a word character, then word characters, `.` or `-`. */
const validSegment = fc
  .tuple(wordCharacter, fc.array(nameCharacter, { maxLength: 20 }))
  .map(([first, rest]) => first + rest.join(""))
  .filter((segment) => !segment.includes(".."));
const versionId = fc
  .array(fc.constantFrom(..."0123456789abcdef"), { minLength: 64, maxLength: 64 })
  .map((hex) => hex.join(""));
const validIdentifier = fc
  .tuple(validSegment, validSegment, fc.option(versionId, { nil: undefined }))
  .map(([owner, name, version]) => ({
    owner,
    name,
    version,
    text: `${owner}/${name}${version ? `:${version}` : ""}`,
  }));

/** Strings that look almost like identifiers, and anything at all. */
const anyIdentifier = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .tuple(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("/", ":", "/../", "//", "%2F", "?", "#", "\\"),
      fc.string({ maxLength: 12 }),
    )
    .map((parts) => parts.join("")),
  validIdentifier.map(({ text }) => text),
);

/** Path segments a user might pass as an owner or name: anything, and the dangerous ones often. */
const anySegment = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "..",
    ".",
    "",
    "a/b",
    "a\\b",
    "x?y",
    "x#y",
    "%2e%2e",
    "%2F",
    "..%2F",
    " ",
    "a b",
    "ü",
    "\u0000",
    "\ud800",
    "a\udc00b",
  ),
  validSegment,
);

/** Without lone surrogates (what `String.prototype.isWellFormed` says, in Node 18 too). */
function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe("model identifiers", () => {
  it("parse back to exactly the identifier given, or fail with an error naming it", () => {
    fc.assert(
      fc.property(anyIdentifier, (text) => {
        let parsed: ReturnType<typeof parseModelIdentifier>;
        try {
          parsed = parseModelIdentifier(text);
        } catch (error) {
          expect(isInvalidArgumentError(error), String(error)).toBe(true);
          expect(error).toMatchObject({ argument: "model identifier" });
          return;
        }
        const { owner, name, version } = parsed;
        expect(`${owner}/${name}${version ? `:${version}` : ""}`).toBe(text);
        for (const segment of [owner, name]) {
          expect(segment).toMatch(/^\w[\w.-]*$/);
          expect(segment).not.toContain("..");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("every well-formed identifier parses", () => {
    fc.assert(
      fc.property(validIdentifier, ({ owner, name, version, text }) => {
        expect(parseModelIdentifier(text)).toEqual(version ? { owner, name, version } : { owner, name });
      }),
      { numRuns: 1000 },
    );
  });

  it("run sends a create to the model's own route on the API, or nothing at all", async () => {
    await fc.assert(
      fc.asyncProperty(anyIdentifier, async (text) => {
        const { dashscope, calls } = recordingClient();
        const outcome = await outcomeOf(() =>
          dashscope.run(text as `${string}/${string}`, { input: { text: "x" } }),
        );
        if (!outcome.ok) {
          expect(isInvalidArgumentError(outcome.error), String(outcome.error)).toBe(true);
          expect(calls).toEqual([]);
          return;
        }
        const { owner, name, version } = parseModelIdentifier(text);
        expect(calls).toHaveLength(1);
        const [create] = calls;
        expect(create?.url.origin).toBe(new URL(RECORDING_BASE_URL).origin);
        expect(create?.url.pathname).toBe(
          version ? "/v1/predictions" : `/v1/models/${owner}/${name}/predictions`,
        );
        if (version) expect(create?.body).toMatchObject({ version });
      }),
      { numRuns: 500 },
    );
  });
});

describe("owners, names and ids as path segments", () => {
  const routes: Array<
    [
      string,
      (dashscope: ReturnType<typeof recordingClient>["dashscope"], a: string, b: string) => Promise<unknown>,
      (a: string, b: string) => string[],
    ]
  > = [
    ["models.get", (dashscope, a, b) => dashscope.models.get(a, b), (a, b) => ["models", a, b]],
    [
      "models.versions.get",
      (dashscope, a, b) => dashscope.models.versions.get("owner", a, b),
      (a, b) => ["models", "owner", a, "versions", b],
    ],
    [
      "deployments.get",
      (dashscope, a, b) => dashscope.deployments.get(a, b),
      (a, b) => ["deployments", a, b],
    ],
    ["predictions.get", (dashscope, a) => dashscope.predictions.get(a), (a) => ["predictions", a]],
    [
      "predictions.cancel",
      (dashscope, a) => dashscope.predictions.cancel(a),
      (a) => ["predictions", a, "cancel"],
    ],
    ["files.get", (dashscope, a) => dashscope.files.get(a), (a) => ["files", a]],
    ["collections.get", (dashscope, a) => dashscope.collections.get(a), (a) => ["collections", a]],
  ];

  // Including lone surrogates ("\ud800"), on which encodeURIComponent throws a bare URIError.
  it.each(routes)(
    "%s reaches its own route with the values intact, or sends nothing",
    async (_name, call, expected) => {
      await fc.assert(
        fc.asyncProperty(anySegment, anySegment, async (first, second) => {
          const { dashscope, calls } = recordingClient();
          const outcome = await outcomeOf(() => call(dashscope, first, second));
          if (!outcome.ok) {
            expect(isInvalidArgumentError(outcome.error), String(outcome.error)).toBe(true);
            expect(calls).toEqual([]);
            return;
          }
          expect(calls).toHaveLength(1);
          const url = calls[0]?.url as URL;
          expect(url.origin).toBe(new URL(RECORDING_BASE_URL).origin);
          const segments = url.pathname.split("/").slice(2).map(decodeURIComponent);
          expect(segments).toEqual(expected(first, second));
          expect(url.search).toBe("");
          expect(url.hash).toBe("");
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(routes)(
    "%s reaches its own route with well-formed (surrogate-free) values, or sends nothing",
    async (_name, call, expected) => {
      const wellFormed = anySegment.filter(isWellFormed);
      await fc.assert(
        fc.asyncProperty(wellFormed, wellFormed, async (first, second) => {
          const { dashscope, calls } = recordingClient();
          const outcome = await outcomeOf(() => call(dashscope, first, second));
          if (!outcome.ok) {
            expect(isInvalidArgumentError(outcome.error), String(outcome.error)).toBe(true);
            expect(calls).toEqual([]);
            return;
          }
          const url = calls[0]?.url as URL;
          expect(calls).toHaveLength(1);
          expect(url.origin).toBe(new URL(RECORDING_BASE_URL).origin);
          expect(url.pathname.split("/").slice(2).map(decodeURIComponent)).toEqual(expected(first, second));
        }),
        { numRuns: 300 },
      );
    },
  );
});
