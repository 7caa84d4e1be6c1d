import { describe, expect, it } from "vitest";
import { tqdmLine } from "./tqdm-line";

describe("tqdmLine", () => {
  it("prints progress the way tqdm does", () => {
    expect(tqdmLine(4, 10, 0.256)).toBe("  40%|████      | 4/10 [00:01<00:02, 3.9it/s]");
    expect(tqdmLine(0, 10, 0.2)).toBe("   0%|          | 0/10 [00:00<00:02, 5.0it/s]");
    expect(tqdmLine(10, 10, 0.2)).toBe(" 100%|██████████| 10/10 [00:02<00:00, 5.0it/s]");
  });
});
