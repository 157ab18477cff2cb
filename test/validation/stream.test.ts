import { Token } from "cdktf";
import * as fc from "fast-check";
import { ALLOWED_VALUES, KINESIS_LIMITS, KMS_LIMITS } from "stream-simulator";
import type { EncryptedStreamProps } from "../../constructs/stream/props";
import { StreamCapacity } from "../../constructs/stream/stream-capacity";
import { StreamEncryption } from "../../constructs/stream/stream-encryption";
import { shardCountProblems, validateEncryptedStreamProps, validateStreamAttributes } from "../../constructs/validation/stream";

const valid: EncryptedStreamProps = {
  streamName: "orders",
  capacity: StreamCapacity.provisioned(2),
  retentionHours: 48,
  efoConsumerNames: ["analytics", "audit"],
  shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
  encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: 30 }),
};

/** A capacity object as a JavaScript caller could build it (the factories cannot). */
const capacityOf = (mode: string, shardCount: number | undefined) => ({ mode, shardCount }) as unknown as StreamCapacity;

const props = (input: Partial<EncryptedStreamProps>): string[] =>
  validateEncryptedStreamProps({ ...valid, ...input }).map((p) => p.property);

describe("validateEncryptedStreamProps", () => {
  it("accepts a valid provisioned stream and a minimal on-demand stream", () => {
    expect(validateEncryptedStreamProps(valid)).toEqual([]);
    expect(validateEncryptedStreamProps({ streamName: "s", capacity: StreamCapacity.onDemand() })).toEqual([]);
  });

  it("rejects a stream name with a bad character", () => {
    const [p] = validateEncryptedStreamProps({ ...valid, streamName: "orders/raw" });
    expect(p.property).toBe("streamName");
    expect(p.allowed).toContain("letters, digits, '_', '.' and '-'");
  });

  it("rejects a stream name over 128 characters", () => {
    expect(props({ streamName: "x".repeat(129) })).toEqual(["streamName"]);
  });

  it("rejects a shard count given with on-demand capacity (CDK rule 1)", () => {
    const problems = validateEncryptedStreamProps({ streamName: "s", capacity: capacityOf("ON_DEMAND", 4) });
    expect(problems).toEqual([
      {
        property: "capacity.shardCount",
        value: 4,
        allowed: expect.stringContaining("shardCount must not be set with on-demand capacity"),
      },
    ]);
  });

  it("accepts an on-demand stream, which has no shard count", () => {
    expect(shardCountProblems(StreamCapacity.onDemand())).toEqual([]);
  });

  it("rejects a capacity mode other than PROVISIONED and ON_DEMAND", () => {
    expect(props({ capacity: capacityOf("BURSTY", undefined) })).toEqual(["capacity.mode"]);
  });

  it.each([0, -1, 1.5, KINESIS_LIMITS.maxShardsPerStream.value + 1])("rejects provisioned shard count %p", (n) => {
    const [p] = validateEncryptedStreamProps({ ...valid, capacity: StreamCapacity.provisioned(n) });
    expect(p).toEqual({
      property: "capacity.shardCount",
      value: n,
      allowed: `an integer from 1 to ${KINESIS_LIMITS.maxShardsPerStream.value} shards`,
    });
  });

  it.each([23, 8761])("rejects retention %p hours (CDK rule 2)", (h) => {
    const [p] = validateEncryptedStreamProps({ ...valid, retentionHours: h });
    expect(p).toEqual({ property: "retentionHours", value: h, allowed: "an integer from 24 to 8760 hours" });
  });

  it("rejects more than 20 EFO consumers", () => {
    const names = Array.from({ length: KINESIS_LIMITS.maxEfoConsumersPerStream.value + 1 }, (_, i) => `c${i}`);
    const [p] = validateEncryptedStreamProps({ ...valid, efoConsumerNames: names });
    expect(p.property).toBe("efoConsumerNames");
    expect(p.allowed).toBe("at most 20 enhanced fan-out consumers per stream (got 21)");
  });

  it("rejects an invalid EFO consumer name, naming its index", () => {
    expect(props({ efoConsumerNames: ["ok", "not ok"] })).toEqual(["efoConsumerNames[1]"]);
  });

  it("rejects duplicate EFO consumer names", () => {
    const [p] = validateEncryptedStreamProps({ ...valid, efoConsumerNames: ["a", "a"] });
    expect(p.property).toBe("efoConsumerNames");
    expect(p.allowed).toContain('repeated: "a"');
  });

  it("rejects an unknown shard-level metric, listing the allowed ones", () => {
    const [p] = validateEncryptedStreamProps({ ...valid, shardLevelMetrics: ["IncomingBytes", "Latency"] });
    expect(p.property).toBe("shardLevelMetrics[1]");
    expect(p.value).toBe("Latency");
    expect(p.allowed).toContain('"IteratorAgeMilliseconds"');
  });

  it("rejects duplicate shard-level metrics (CDK rule 4)", () => {
    expect(props({ shardLevelMetrics: ["IncomingBytes", "IncomingBytes"] })).toEqual(["shardLevelMetrics"]);
  });

  it("rejects ALL combined with individual metrics (CDK rule 3) but accepts ALL alone", () => {
    const [p] = validateEncryptedStreamProps({ ...valid, shardLevelMetrics: ["ALL", "IncomingBytes"] });
    expect(p.property).toBe("shardLevelMetrics");
    expect(p.allowed).toContain('["ALL"] on its own');
    expect(validateEncryptedStreamProps({ ...valid, shardLevelMetrics: ["ALL"] })).toEqual([]);
  });

  it.each([6, 31])("rejects KMS deletion window %p days", (d) => {
    const [p] = validateEncryptedStreamProps({ ...valid, encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: d }) });
    expect(p).toEqual({
      property: "encryption.deletionWindowDays",
      value: d,
      allowed: `an integer from ${KMS_LIMITS.deletionWindowMinDays.value} to ${KMS_LIMITS.deletionWindowMaxDays.value} days`,
    });
  });

  it("rejects an alias the created key cannot have, and an existing key that is not a key ARN", () => {
    expect(props({ encryption: StreamEncryption.customerManagedKey({ aliasName: "alias/aws/mine" }) })).toEqual(["encryption.aliasName"]);
    expect(props({ encryption: StreamEncryption.existingKey("alias/orders") })).toEqual(["encryption.keyArn"]);
  });

  it("rejects alarm settings without alarms, and checks them with alarms", () => {
    expect(props({ alarms: false, iteratorAgeAlarmFraction: 0.5, alarmActionArns: [] })).toEqual(["alarmActionArns", "iteratorAgeAlarmFraction"]);
    expect(props({ iteratorAgeAlarmFraction: 0, capacityAlarmFraction: 1.5, alarmActionArns: ["arn:aws:sqs:us-east-1:123456789012:q"] })).toEqual([
      "iteratorAgeAlarmFraction",
      "capacityAlarmFraction",
      "alarmActionArns[0]",
    ]);
  });

  it("reports every broken field together", () => {
    expect(
      props({
        streamName: "bad name",
        retentionHours: 1,
        capacity: StreamCapacity.provisioned(0),
        encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: 100 }),
        shardLevelMetrics: ["ALL", "ALL"],
      }),
    ).toEqual(["streamName", "capacity.shardCount", "retentionHours", "shardLevelMetrics", "encryption.deletionWindowDays"]);
  });

  it("skips token values", () => {
    const n = Token.asNumber({ resolve: () => 5 });
    expect(
      validateEncryptedStreamProps({
        streamName: Token.asString({ resolve: () => "bad name" }),
        capacity: StreamCapacity.provisioned(n),
        retentionHours: n,
        encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: n }),
        efoConsumerNames: Token.asList({ resolve: () => ["a", "a"] }),
        shardLevelMetrics: [Token.asString({ resolve: () => "x" })],
        // A token retention needs an explicit iterator-age threshold (it cannot be derived at synth).
        iteratorAgeAlarmThresholdMs: 60_000,
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
        fc.integer({ min: 7, max: 30 }),
        (shardCount, retentionHours, efoConsumerNames, shardLevelMetrics, deletionWindowDays) => {
          expect(
            validateEncryptedStreamProps({
              streamName: "s",
              capacity: StreamCapacity.provisioned(shardCount),
              retentionHours,
              efoConsumerNames,
              shardLevelMetrics,
              encryption: StreamEncryption.customerManagedKey({ deletionWindowDays }),
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

describe("validateStreamAttributes", () => {
  it("accepts a stream ARN in any partition, with or without a key ARN", () => {
    expect(validateStreamAttributes({ streamArn: "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/orders" })).toEqual([]);
    expect(
      validateStreamAttributes({
        streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
        encryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      }),
    ).toEqual([]);
  });

  it("rejects what is not a stream ARN, and a key alias instead of a key ARN", () => {
    expect(
      validateStreamAttributes({ streamArn: "arn:aws:kinesis:us-east-1:123456789012:orders", encryptionKeyArn: "alias/orders" }).map((p) => p.property),
    ).toEqual(["streamArn", "encryptionKeyArn"]);
  });
});
