import { Token } from "cdktf";
import * as fc from "fast-check";
import { NAME_RULES } from "stream-simulator";
import {
  checkAccountId,
  checkAlarmActions,
  checkFirehoseBuffering,
  checkFraction,
  checkIntegerRange,
  checkMaxCount,
  checkMinDays,
  checkName,
  checkNoDuplicates,
  checkOneOf,
  checkTags,
  hasWildcardPrincipal,
} from "../../constructs/validation/rules";

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

describe("checkMinDays", () => {
  it("accepts whole days from the minimum, skips undefined and tokens, rejects the rest", () => {
    expect(checkMinDays("expirationDays", 1, 1)).toEqual([]);
    expect(checkMinDays("expirationDays", undefined, 1)).toEqual([]);
    expect(checkMinDays("expirationDays", Token.asNumber({ resolve: () => 0 }), 1)).toEqual([]);
    for (const days of [0, 1.5, Number.NaN]) {
      expect(checkMinDays("expirationDays", days, 1)).toEqual([{ property: "expirationDays", value: days, allowed: "an integer of at least 1 days" }]);
    }
  });
});

describe("checkFraction", () => {
  it("accepts (0, 1] and says of what the fraction is when it rejects", () => {
    expect(checkFraction("f", 1, "of x")).toEqual([]);
    expect(checkFraction("f", 0.001, "of x")).toEqual([]);
    expect(checkFraction("f", undefined, "of x")).toEqual([]);
    for (const v of [0, -0.5, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(checkFraction("f", v, "fraction of x")).toEqual([{ property: "f", value: v, allowed: "a number greater than 0 and at most 1 (fraction of x)" }]);
    }
  });
});

describe("checkAlarmActions", () => {
  const topic = (n: number) => `arn:aws:sns:us-east-1:123456789012:alerts-${n}`;

  it("accepts up to 5 SNS topic ARNs in any partition, FIFO topics included", () => {
    expect(checkAlarmActions("alarmActionArns", [topic(1), "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t.fifo"])).toEqual([]);
    expect(checkAlarmActions("alarmActionArns", [1, 2, 3, 4, 5].map(topic))).toEqual([]);
  });

  it("rejects a sixth action and each entry that is not an SNS topic ARN, naming its index", () => {
    const problems = checkAlarmActions("alarmActionArns", [...[1, 2, 3, 4, 5].map(topic), "arn:aws:sqs:us-east-1:123456789012:q"]);
    expect(problems.map((p) => p.property)).toEqual(["alarmActionArns", "alarmActionArns[5]"]);
    expect(problems[0].allowed).toBe("at most 5 actions (got 6)");
  });

  it("skips tokens", () => {
    expect(checkAlarmActions("a", [Token.asString({ resolve: () => "x" })])).toEqual([]);
    expect(checkAlarmActions("a", Token.asList({ resolve: () => ["x"] }))).toEqual([]);
  });
});

describe("checkTags", () => {
  it("accepts keys of 1-128 characters and values of up to 256, skips token values", () => {
    expect(checkTags("tags", { ["k".repeat(128)]: "v".repeat(256), Owner: Token.asString({ resolve: () => "x" }) })).toEqual([]);
    expect(checkTags("tags", undefined)).toEqual([]);
  });

  it("rejects keys AWS reserves or that are too long, and values that are too long, naming the key", () => {
    const problems = checkTags("tags", { "AWS:team": "a", ["k".repeat(129)]: "b", Team: "v".repeat(257) });
    expect(problems.map((p) => [p.property, p.value])).toEqual([
      ["tags", "AWS:team"],
      ["tags", "k".repeat(129)],
      ["tags.Team", "v".repeat(257)],
    ]);
  });
});

describe("checkAccountId", () => {
  it("accepts 12 digits and nothing else", () => {
    expect(checkAccountId("accountId", "123456789012")).toEqual([]);
    expect(checkAccountId("accountId", "12345678901")).toEqual([{ property: "accountId", value: "12345678901", allowed: "a 12-digit AWS account ID" }]);
    expect(checkAccountId("accountId", "12345678901a")).toHaveLength(1);
  });
});

describe("checkFirehoseBuffering", () => {
  const base = { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, compression: "GZIP", dynamicPartitioning: false };

  it("accepts the service's ranges, zero buffering without dynamic partitioning", () => {
    expect(checkFirehoseBuffering(base)).toEqual([]);
    expect(checkFirehoseBuffering({ ...base, bufferingSizeMiB: 1, bufferingIntervalSeconds: 0 })).toEqual([]);
    expect(checkFirehoseBuffering({ ...base, bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, dynamicPartitioning: true })).toEqual([]);
  });

  it("reports at most one problem per property: the range, else the dynamic-partitioning minimum", () => {
    expect(checkFirehoseBuffering({ ...base, bufferingSizeMiB: 0, bufferingIntervalSeconds: 30, dynamicPartitioning: true })).toEqual([
      { property: "bufferingSizeMiB", value: 0, allowed: "an integer from 1 to 128 MiB" },
      {
        property: "bufferingIntervalSeconds",
        value: 30,
        allowed: "at least 60 seconds when dynamic partitioning is enabled (zero/short buffering is not supported with it)",
      },
    ]);
    expect(checkFirehoseBuffering({ ...base, compression: "LZ4" }).map((p) => p.property)).toEqual(["compression"]);
  });

  it("skips tokens", () => {
    const n = Token.asNumber({ resolve: () => 1 });
    expect(checkFirehoseBuffering({ bufferingSizeMiB: n, bufferingIntervalSeconds: n, compression: Token.asString({ resolve: () => "x" }), dynamicPartitioning: true })).toEqual([]);
  });

  it("property: without dynamic partitioning, exactly the integers in 1-128 MiB and 0-900 s pass", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 1000 }), fc.integer({ min: -10, max: 1000 }), (size, interval) => {
        const properties = checkFirehoseBuffering({ ...base, bufferingSizeMiB: size, bufferingIntervalSeconds: interval }).map((p) => p.property);
        expect(properties.includes("bufferingSizeMiB")).toBe(size < 1 || size > 128);
        expect(properties.includes("bufferingIntervalSeconds")).toBe(interval < 0 || interval > 900);
      }),
    );
  });
});

describe("hasWildcardPrincipal", () => {
  it("finds a wildcard principal in any form, and only that", () => {
    expect(hasWildcardPrincipal("*")).toBe(true);
    expect(hasWildcardPrincipal({ AWS: "*" })).toBe(true);
    expect(hasWildcardPrincipal({ AWS: ["arn:aws:iam::123456789012:root", "*"] })).toBe(true);
    expect(hasWildcardPrincipal({ Service: "logs.us-east-1.amazonaws.com" })).toBe(false);
  });
});
