import * as fc from "fast-check";
import { capacityOptionProblems } from "../src/options";
import { capacityOptionProblems as fromIndex } from "../src/index";

describe("capacityOptionProblems", () => {
  it("accepts the defaults (options left out) and the bounds each option includes", () => {
    expect(capacityOptionProblems({})).toEqual([]);
    expect(capacityOptionProblems({ targetThrottledFraction: 0, headroom: 1 })).toEqual([]);
    expect(fromIndex).toBe(capacityOptionProblems);
  });

  it("rejects a target of 1 or more, a negative one and a headroom of 0 or above 1, naming each option", () => {
    expect(capacityOptionProblems({ targetThrottledFraction: 1, headroom: 0 })).toEqual([
      { path: "targetThrottledFraction", value: 1, allowed: "a number from 0 (inclusive) to 1 (exclusive)" },
      { path: "headroom", value: 0, allowed: "a number greater than 0 and at most 1" },
    ]);
    expect(capacityOptionProblems({ targetThrottledFraction: -0.1, headroom: 1.01 }).map((p) => p.path)).toEqual([
      "targetThrottledFraction",
      "headroom",
    ]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, "0.5", null, true])("rejects %p, which is not a number in range", (value) => {
    expect(capacityOptionProblems({ targetThrottledFraction: value, headroom: value }).map((p) => p.value)).toEqual([value, value]);
  });

  it("property: a target passes exactly in [0, 1) and a headroom exactly in (0, 1]", () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (x) => {
        const paths = capacityOptionProblems({ targetThrottledFraction: x, headroom: x }).map((p) => p.path);
        expect(paths.includes("targetThrottledFraction")).toBe(!(x >= 0 && x < 1));
        expect(paths.includes("headroom")).toBe(!(x > 0 && x <= 1));
      }),
    );
  });
});
