import { describe, expect, it } from "vitest";
import { parseProgressFromLogs } from "../src";

const line = (percent: number, current: number, total: number) =>
  `${String(percent).padStart(3)}%|${"█".repeat(Math.floor(percent / 10)).padEnd(10)}| ${current}/${total} [00:01<00:01, 3.9it/s]`;

describe("parseProgressFromLogs", () => {
  it("reads a tqdm line, the percentage as a fraction from 0 to 1", () => {
    expect(parseProgressFromLogs("  40%|████      | 4/10 [00:01<00:01, 3.9it/s]")).toEqual({
      percentage: 0.4,
      current: 4,
      total: 10,
    });
  });

  it("takes the last of several lines, whatever comes after it", () => {
    const logs = ["loading weights", line(10, 1, 10), line(20, 2, 10), line(30, 3, 10), "saving output"].join(
      "\n",
    );
    expect(parseProgressFromLogs(logs)).toEqual({ percentage: 0.3, current: 3, total: 10 });
  });

  it("reads tqdm redraws separated by carriage returns", () => {
    const logs = `starting\n\r${line(0, 0, 50)}\r${line(2, 1, 50)}\r${line(4, 2, 50)}`;
    expect(parseProgressFromLogs(logs)).toEqual({ percentage: 0.04, current: 2, total: 50 });
    expect(parseProgressFromLogs(`${line(10, 1, 10)}\r\n${line(60, 6, 10)}\r\n`)).toEqual({
      percentage: 0.6,
      current: 6,
      total: 10,
    });
  });

  it("reads 100% as 1", () => {
    expect(parseProgressFromLogs(`${line(90, 9, 10)}\n${line(100, 10, 10)}\ndone`)).toEqual({
      percentage: 1,
      current: 10,
      total: 10,
    });
  });

  it("reads a line with a description before the bar", () => {
    expect(parseProgressFromLogs("Sampling:  75%|███████▌  | 30/40 [00:03<00:01, 9.87it/s]")).toEqual({
      percentage: 0.75,
      current: 30,
      total: 40,
    });
  });

  it("takes the logs of a prediction", () => {
    expect(parseProgressFromLogs({ logs: `rendering\n${line(50, 5, 10)}` })).toEqual({
      percentage: 0.5,
      current: 5,
      total: 10,
    });
  });

  it("answers null when there is no progress", () => {
    expect(parseProgressFromLogs("")).toBeNull();
    expect(parseProgressFromLogs("loading\n50% done\nno bar here | 3/4")).toBeNull();
    expect(parseProgressFromLogs({ logs: null })).toBeNull();
    expect(parseProgressFromLogs({})).toBeNull();
    expect(parseProgressFromLogs(null)).toBeNull();
    expect(parseProgressFromLogs(undefined)).toBeNull();
  });

  it("ignores a redraw cut off before its counts", () => {
    expect(parseProgressFromLogs(`${line(30, 3, 10)}\r 40%|████`)).toEqual({
      percentage: 0.3,
      current: 3,
      total: 10,
    });
  });
});
