import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, encodePng } from "./png";

describe("png", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("writes a valid PNG with checked chunks", () => {
    const png = encodePng(2, 1, Uint8Array.of(255, 0, 0, 0, 0, 255));
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    let offset = 8;
    const types: string[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const typeAndData = png.subarray(offset + 4, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
      types.push(typeAndData.subarray(0, 4).toString("latin1"));
      if (types.at(-1) === "IDAT") {
        expect([...inflateSync(typeAndData.subarray(4))]).toEqual([0, 255, 0, 0, 0, 0, 255]);
      }
      offset += 12 + length;
    }
    expect(types).toEqual(["IHDR", "IDAT", "IEND"]);
  });
});
