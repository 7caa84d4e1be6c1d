import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, paginate } from "./pagination";

describe("paginate", () => {
  const items = [50, 40, 30, 20, 10];
  const rank = (item: number) => -item;
  const pageUrl = "http://127.0.0.1:1/v1/things";

  it("walks forward and back with opaque cursors", () => {
    const first = paginate(items, rank, { cursor: null, pageSize: 2, pageUrl });
    expect(first.results).toEqual([50, 40]);
    expect(first.previous).toBeNull();
    const secondCursor = decodeCursor(new URL(first.next as string).searchParams.get("cursor"));
    const second = paginate(items, rank, { cursor: secondCursor, pageSize: 2, pageUrl });
    expect(second.results).toEqual([30, 20]);
    const third = paginate(items, rank, {
      cursor: decodeCursor(new URL(second.next as string).searchParams.get("cursor")),
      pageSize: 2,
      pageUrl,
    });
    expect(third.results).toEqual([10]);
    expect(third.next).toBeNull();
    const back = paginate(items, rank, {
      cursor: decodeCursor(new URL(third.previous as string).searchParams.get("cursor")),
      pageSize: 2,
      pageUrl,
    });
    expect(back.results).toEqual([30, 20]);
  });

  it("does not repeat items when new ones arrive between pages", () => {
    const first = paginate(items, rank, { cursor: null, pageSize: 2, pageUrl });
    const cursor = decodeCursor(new URL(first.next as string).searchParams.get("cursor"));
    const grown = [60, ...items];
    expect(paginate(grown, rank, { cursor, pageSize: 2, pageUrl }).results).toEqual([30, 20]);
  });

  it("refuses cursors it did not make", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow();
    expect(decodeCursor(encodeCursor({ after: 3, query: "x" }))).toEqual({ after: 3, query: "x" });
  });
});
