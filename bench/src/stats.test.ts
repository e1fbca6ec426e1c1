import { describe, expect, it } from "vitest";
import { formatBytes, median, pairedRatios, quantile, rotation, summarize } from "./stats.js";

describe("quantile and median", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("interpolates between closest ranks (R type 7)", () => {
    const samples = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(samples, 0)).toBe(1);
    expect(quantile(samples, 1)).toBe(10);
    expect(quantile(samples, 0.25)).toBeCloseTo(3.25, 10);
    expect(quantile(samples, 0.75)).toBeCloseTo(7.75, 10);
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it("refuses an empty sample and p outside [0, 1]", () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("reports count, median, quartiles and range", () => {
    expect(summarize([10, 40, 20, 30, 50])).toEqual({ n: 5, median: 30, q1: 20, q3: 40, min: 10, max: 50 });
  });
});

describe("pairedRatios", () => {
  it("divides round by round", () => {
    expect(pairedRatios([2, 9, 4], [1, 3, 8])).toEqual([2, 3, 0.5]);
  });

  it("refuses series of different lengths", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError);
  });
});

describe("rotation", () => {
  it("puts every item in every position once over as many rounds as items", () => {
    const items = ["a", "b", "c"];
    const rounds = [0, 1, 2].map((round) => rotation(items, round));
    expect(rounds).toEqual([
      ["a", "b", "c"],
      ["b", "c", "a"],
      ["c", "a", "b"],
    ]);
    for (let position = 0; position < items.length; position++) {
      expect(new Set(rounds.map((order) => order[position])).size).toBe(items.length);
    }
    expect(rotation(items, 3)).toEqual(items);
    expect(rotation([], 2)).toEqual([]);
  });
});

describe("formatBytes", () => {
  it("uses decimal units", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(17_446)).toBe("17.4 kB");
    expect(formatBytes(11_943_367)).toBe("11.9 MB");
  });
});
