import { Token } from "cdktf";
import * as fc from "fast-check";
import { NAME_RULES } from "stream-simulator";
import { checkIntegerRange, checkMaxCount, checkName, checkNoDuplicates, checkOneOf } from "../../constructs/validation/rules";

const streamRule = NAME_RULES.kinesisStreamName;

describe("checkName", () => {
  it("accepts a name within the charset and length", () => {
    expect(checkName("streamName", "orders-v1.raw_events", streamRule)).toEqual([]);
  });

  it("treats undefined as not set", () => {
    expect(checkName("streamName", undefined, streamRule)).toEqual([]);
  });

  it("rejects a character outside the charset, naming the allowed characters and the bad one", () => {
    const problems = checkName("streamName", "orders stream", streamRule);
    expect(problems).toHaveLength(1);
    expect(problems[0].property).toBe("streamName");
    expect(problems[0].value).toBe("orders stream");
    expect(problems[0].allowed).toContain("letters, digits, '_', '.' and '-'");
    expect(problems[0].allowed).toContain("1-128 characters");
    expect(problems[0].allowed).toContain('" "');
  });

  it("rejects an empty name (below the minimum length)", () => {
    const [p] = checkName("streamName", "", streamRule);
    expect(p.property).toBe("streamName");
    expect(p.allowed).toMatch(/1-128 characters.*got 0 characters/);
  });

  it("rejects a name one character over the maximum length", () => {
    const name = "a".repeat(streamRule.maxLength + 1);
    const [p] = checkName("streamName", name, streamRule);
    expect(p.allowed).toContain(`got ${streamRule.maxLength + 1} characters`);
  });

  it("skips tokens", () => {
    expect(checkName("streamName", Token.asString({ resolve: () => "x y" }), streamRule)).toEqual([]);
  });

  it("property: names built from the allowed alphabet within the length limits pass", () => {
    const chars = "abcXYZ019_.-".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 128 }), (cs) => {
        expect(checkName("streamName", cs.join(""), streamRule)).toEqual([]);
      }),
    );
  });

  it("property: any name containing a forbidden character is flagged", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 20 }).filter((s) => /^[a-z]*$/.test(s)),
        fc.constantFrom(" ", "/", ":", "#", "é", "*"),
        (base, bad) => {
          const problems = checkName("streamName", `${base}${bad}`, streamRule);
          expect(problems).toHaveLength(1);
          expect(problems[0].property).toBe("streamName");
        },
      ),
    );
  });
});

describe("checkIntegerRange", () => {
  it("accepts the bounds", () => {
    expect(checkIntegerRange("retentionHours", 24, 24, 8760, "hours")).toEqual([]);
    expect(checkIntegerRange("retentionHours", 8760, 24, 8760, "hours")).toEqual([]);
  });

  it.each([23, 8761, 24.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %p with the range and unit", (v) => {
    expect(checkIntegerRange("retentionHours", v, 24, 8760, "hours")).toEqual([
      { property: "retentionHours", value: v, allowed: "an integer from 24 to 8760 hours" },
    ]);
  });

  it("skips undefined and tokens", () => {
    expect(checkIntegerRange("retentionHours", undefined, 24, 8760, "hours")).toEqual([]);
    expect(checkIntegerRange("retentionHours", Token.asNumber({ resolve: () => 5 }), 24, 8760, "hours")).toEqual([]);
  });

  it("property: integers in range pass, integers out of range fail", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (v) => {
        const inRange = v >= 1 && v <= 128;
        expect(checkIntegerRange("bufferingSizeMiB", v, 1, 128, "MiB")).toHaveLength(inRange ? 0 : 1);
      }),
    );
  });
});

describe("checkOneOf", () => {
  it("accepts a listed value and undefined", () => {
    expect(checkOneOf("compression", "GZIP", ["GZIP", "ZIP"])).toEqual([]);
    expect(checkOneOf<string>("compression", undefined, ["GZIP"])).toEqual([]);
  });

  it("rejects an unlisted value (case-sensitive), listing the allowed ones", () => {
    expect(checkOneOf("compression", "gzip", ["GZIP", "ZIP"])).toEqual([
      { property: "compression", value: "gzip", allowed: 'one of "GZIP", "ZIP"' },
    ]);
  });

  it("skips tokens", () => {
    expect(checkOneOf("compression", Token.asString({ resolve: () => "nope" }), ["GZIP"])).toEqual([]);
  });
});

describe("checkNoDuplicates / checkMaxCount", () => {
  it("accepts distinct values", () => {
    expect(checkNoDuplicates("efoConsumerNames", ["a", "b"])).toEqual([]);
  });

  it("reports every repeated value once", () => {
    const [p] = checkNoDuplicates("efoConsumerNames", ["a", "b", "a", "b", "a"]);
    expect(p.property).toBe("efoConsumerNames");
    expect(p.allowed).toBe('each entry at most once (repeated: "a", "b")');
  });

  it("counts list entries against a maximum", () => {
    expect(checkMaxCount("efoConsumerNames", ["a", "b"], 2, "consumers")).toEqual([]);
    expect(checkMaxCount("efoConsumerNames", ["a", "b", "c"], 2, "consumers")[0].allowed).toBe("at most 2 consumers (got 3)");
  });

  it("property: a list has duplicates exactly when its set is smaller", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 8 }), (xs) => {
        expect(checkNoDuplicates("x", xs)).toHaveLength(new Set(xs).size < xs.length ? 1 : 0);
      }),
    );
  });
});
