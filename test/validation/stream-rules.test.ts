import { Token } from "cdktf";
import * as fc from "fast-check";
import { ALLOWED_VALUES, KINESIS_LIMITS, KMS_LIMITS } from "stream-simulator";
import { validateStreamProps, type StreamRuleInput } from "../../constructs/validation/stream-rules";

const valid: StreamRuleInput = {
  streamName: "orders",
  mode: "PROVISIONED",
  shardCount: 2,
  retentionHours: 48,
  efoConsumerNames: ["analytics", "audit"],
  shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
  maxRecordSizeKiB: 1024,
  kmsDeletionWindowDays: 30,
};

const props = (input: Partial<StreamRuleInput>): string[] =>
  validateStreamProps({ ...valid, ...input }).map((p) => p.property);

describe("validateStreamProps", () => {
  it("accepts a valid provisioned stream and a minimal on-demand stream", () => {
    expect(validateStreamProps(valid)).toEqual([]);
    expect(validateStreamProps({ streamName: "s", mode: "ON_DEMAND" })).toEqual([]);
  });

  it("rejects a stream name with a bad character", () => {
    const [p] = validateStreamProps({ ...valid, streamName: "orders/raw" });
    expect(p.property).toBe("streamName");
    expect(p.allowed).toContain("letters, digits, '_', '.' and '-'");
  });

  it("rejects a stream name over 128 characters", () => {
    expect(props({ streamName: "x".repeat(129) })).toEqual(["streamName"]);
  });

  it("rejects a shard count given explicitly with on-demand capacity (CDK rule 1)", () => {
    const problems = validateStreamProps({ streamName: "s", mode: "ON_DEMAND", shardCount: 4, shardCountGiven: true });
    expect(problems).toEqual([
      {
        property: "shardCount",
        value: 4,
        allowed: expect.stringContaining("shardCount must not be set with on-demand capacity"),
      },
    ]);
  });

  it("accepts an on-demand stream whose shard count is only the construct's default", () => {
    expect(validateStreamProps({ streamName: "s", mode: "ON_DEMAND", shardCount: 1, shardCountGiven: false })).toEqual([]);
  });

  it.each([0, -1, 1.5, KINESIS_LIMITS.maxShardsPerStream.value + 1])("rejects provisioned shard count %p", (n) => {
    const [p] = validateStreamProps({ ...valid, shardCount: n });
    expect(p).toEqual({ property: "shardCount", value: n, allowed: `an integer from 1 to ${KINESIS_LIMITS.maxShardsPerStream.value} shards` });
  });

  it.each([23, 8761])("rejects retention %p hours (CDK rule 2)", (h) => {
    const [p] = validateStreamProps({ ...valid, retentionHours: h });
    expect(p).toEqual({ property: "retentionHours", value: h, allowed: "an integer from 24 to 8760 hours" });
  });

  it("rejects more than 20 EFO consumers", () => {
    const names = Array.from({ length: KINESIS_LIMITS.maxEfoConsumersPerStream.value + 1 }, (_, i) => `c${i}`);
    const [p] = validateStreamProps({ ...valid, efoConsumerNames: names });
    expect(p.property).toBe("efoConsumerNames");
    expect(p.allowed).toBe("at most 20 enhanced fan-out consumers per stream (got 21)");
  });

  it("rejects an invalid EFO consumer name, naming its index", () => {
    expect(props({ efoConsumerNames: ["ok", "not ok"] })).toEqual(["efoConsumerNames[1]"]);
  });

  it("rejects duplicate EFO consumer names", () => {
    const [p] = validateStreamProps({ ...valid, efoConsumerNames: ["a", "a"] });
    expect(p.property).toBe("efoConsumerNames");
    expect(p.allowed).toContain('repeated: "a"');
  });

  it("rejects an unknown shard-level metric, listing the allowed ones", () => {
    const [p] = validateStreamProps({ ...valid, shardLevelMetrics: ["IncomingBytes", "Latency"] });
    expect(p.property).toBe("shardLevelMetrics[1]");
    expect(p.value).toBe("Latency");
    expect(p.allowed).toContain('"IteratorAgeMilliseconds"');
  });

  it("rejects duplicate shard-level metrics (CDK rule 4)", () => {
    expect(props({ shardLevelMetrics: ["IncomingBytes", "IncomingBytes"] })).toEqual(["shardLevelMetrics"]);
  });

  it("rejects ALL combined with individual metrics (CDK rule 3) but accepts ALL alone", () => {
    const [p] = validateStreamProps({ ...valid, shardLevelMetrics: ["ALL", "IncomingBytes"] });
    expect(p.property).toBe("shardLevelMetrics");
    expect(p.allowed).toContain('["ALL"] on its own');
    expect(validateStreamProps({ ...valid, shardLevelMetrics: ["ALL"] })).toEqual([]);
  });

  it.each([1023, 10241, 2048.5])("rejects max record size %p KiB", (k) => {
    const [p] = validateStreamProps({ ...valid, maxRecordSizeKiB: k });
    expect(p).toEqual({ property: "maxRecordSizeKiB", value: k, allowed: "an integer from 1024 to 10240 KiB" });
  });

  it.each([6, 31])("rejects KMS deletion window %p days", (d) => {
    const [p] = validateStreamProps({ ...valid, kmsDeletionWindowDays: d });
    expect(p).toEqual({
      property: "kmsDeletionWindowDays",
      value: d,
      allowed: `an integer from ${KMS_LIMITS.deletionWindowMinDays.value} to ${KMS_LIMITS.deletionWindowMaxDays.value} days`,
    });
  });

  it("reports every broken field together", () => {
    expect(
      props({
        streamName: "bad name",
        retentionHours: 1,
        shardCount: 0,
        maxRecordSizeKiB: 1,
        kmsDeletionWindowDays: 100,
        shardLevelMetrics: ["ALL", "ALL"],
      }),
    ).toEqual(["streamName", "shardCount", "retentionHours", "shardLevelMetrics", "maxRecordSizeKiB", "kmsDeletionWindowDays"]);
  });

  it("skips token values", () => {
    const n = Token.asNumber({ resolve: () => 5 });
    expect(
      validateStreamProps({
        streamName: Token.asString({ resolve: () => "bad name" }),
        mode: "PROVISIONED",
        shardCount: n,
        retentionHours: n,
        maxRecordSizeKiB: n,
        kmsDeletionWindowDays: n,
        efoConsumerNames: Token.asList({ resolve: () => ["a", "a"] }),
        shardLevelMetrics: [Token.asString({ resolve: () => "x" })],
      }),
    ).toEqual([]);
  });

  it("property: any in-range configuration is valid", () => {
    const metric = fc.constantFrom(...ALLOWED_VALUES.shardLevelMetrics.values.filter((m) => m !== "ALL"));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: KINESIS_LIMITS.maxShardsPerStream.value }),
        fc.integer({ min: KINESIS_LIMITS.retentionMinHours.value, max: KINESIS_LIMITS.retentionMaxHours.value }),
        fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9_.-]{1,20}$/), { maxLength: 20 }),
        fc.uniqueArray(metric),
        fc.integer({ min: 1024, max: 10240 }),
        fc.integer({ min: 7, max: 30 }),
        (shardCount, retentionHours, efoConsumerNames, shardLevelMetrics, maxRecordSizeKiB, kmsDeletionWindowDays) => {
          expect(
            validateStreamProps({
              streamName: "s",
              mode: "PROVISIONED",
              shardCount,
              retentionHours,
              efoConsumerNames,
              shardLevelMetrics,
              maxRecordSizeKiB,
              kmsDeletionWindowDays,
            }),
          ).toEqual([]);
        },
      ),
    );
  });

  it("property: an out-of-range retention is always flagged on retentionHours", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1000, max: 23 }), fc.integer({ min: 8761, max: 1_000_000 }), fc.double({ noInteger: true })),
        (retentionHours) => {
          expect(props({ retentionHours })).toEqual(["retentionHours"]);
        },
      ),
    );
  });
});
