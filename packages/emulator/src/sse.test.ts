import { describe, expect, it } from "vitest";
import { formatEvent } from "./sse";

describe("formatEvent", () => {
  it("writes multi-line data as several data lines and keeps edge spaces", () => {
    expect(formatEvent({ id: 3, event: "output", data: " two\nlines " })).toBe(
      "id: 3\nevent: output\ndata:  two\ndata: lines \n\n",
    );
  });
});
