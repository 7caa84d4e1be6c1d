import { describe, expect, it } from "vitest";
import { renderFields, renderTable } from "./render-table";

describe("renderTable", () => {
  const rows = [
    ["dashscope/hello-world", 3, "A tiny model\tthat says hello"],
    ["me/x", null, { nested: true }],
  ];

  it("aligns columns under a header on a terminal, cutting the last to the width", () => {
    expect(renderTable(["model", "runs", "description"], rows, { terminal: true, width: 45 })).toBe(
      [
        "MODEL                  RUNS  DESCRIPTION",
        "dashscope/hello-world  3     A tiny model t…",
        'me/x                         {"nested":true}',
        "",
      ].join("\n"),
    );
  });

  it("writes tab-separated rows without a header elsewhere", () => {
    expect(renderTable(["model", "runs", "description"], rows, { terminal: false })).toBe(
      'dashscope/hello-world\t3\tA tiny model that says hello\nme/x\t\t{"nested":true}\n',
    );
  });
});

describe("renderFields", () => {
  it("aligns keys and leaves out empty values", () => {
    expect(
      renderFields([
        ["id", "abc"],
        ["error", null],
        ["status", "succeeded"],
      ]),
    ).toBe("id      abc\nstatus  succeeded\n");
  });
});
