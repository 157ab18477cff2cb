/**
 * Synth-time rules for an encrypted Kinesis Data Stream's input. Pure: returns every problem, never throws; tokens
 * are skipped. Matches aws-cdk-lib's `aws-kinesis/lib/stream.ts` rules 1-4 and the KMS `pendingWindow` rule
 * (prior-art.md §3.2), and adds EFO consumer, record size and provisioned shard-count checks.
 * Figures: `KINESIS_LIMITS`, `KMS_LIMITS`, `NAME_RULES`, `ALLOWED_VALUES` in stream-simulator/src/limits.ts.
 */
import { ALLOWED_VALUES, KINESIS_LIMITS, KMS_LIMITS, NAME_RULES } from "stream-simulator";
import { isToken, type Problem } from "./problems";
import { checkIntegerRange, checkMaxCount, checkName, checkNoDuplicates, checkOneOf } from "./rules";

export interface StreamRuleInput {
  readonly streamName: string;
  readonly mode: "PROVISIONED" | "ON_DEMAND";
  /** Resolved shard count (the construct's default applied) for PROVISIONED streams. */
  readonly shardCount?: number;
  /** True when the user set `shardCount` explicitly (an on-demand stream with an explicit count is an error). */
  readonly shardCountGiven?: boolean;
  readonly retentionHours?: number;
  readonly efoConsumerNames?: readonly string[];
  readonly shardLevelMetrics?: readonly string[];
  readonly maxRecordSizeKiB?: number;
  readonly kmsDeletionWindowDays?: number;
}

const KiB = 1024;

/** Every problem with a stream's input, property names as the user writes them on the stream props. */
export function validateStreamProps(input: StreamRuleInput): Problem[] {
  const problems: Problem[] = [];

  problems.push(...checkName("streamName", input.streamName, NAME_RULES.kinesisStreamName));
  problems.push(...checkOneOf("mode", input.mode, ["PROVISIONED", "ON_DEMAND"] as const));

  // CDK rule 1 (prior-art §3.2): ON_DEMAND with a shard count. Terraform's aws_kinesis_stream also rejects it
  // at plan/apply time (terraform-provider-aws #22921).
  if (input.mode === "ON_DEMAND") {
    if (input.shardCountGiven || (input.shardCountGiven === undefined && input.shardCount !== undefined)) {
      problems.push({
        property: "shardCount",
        value: input.shardCount,
        allowed: "shardCount must not be set with on-demand capacity; remove it, or set mode to PROVISIONED",
      });
    }
  } else if (input.mode === "PROVISIONED") {
    problems.push(
      ...checkIntegerRange("shardCount", input.shardCount, 1, KINESIS_LIMITS.maxShardsPerStream.value, "shards"),
    );
  }

  // CDK rule 2: retention 24-8760 h.
  problems.push(
    ...checkIntegerRange(
      "retentionHours",
      input.retentionHours,
      KINESIS_LIMITS.retentionMinHours.value,
      KINESIS_LIMITS.retentionMaxHours.value,
      "hours",
    ),
  );

  // EFO consumers: at most 20 registered per stream, valid and distinct names.
  const consumers = input.efoConsumerNames;
  if (consumers !== undefined && !isToken(consumers)) {
    problems.push(
      ...checkMaxCount(
        "efoConsumerNames",
        consumers,
        KINESIS_LIMITS.maxEfoConsumersPerStream.value,
        "enhanced fan-out consumers per stream",
      ),
    );
    consumers.forEach((name, i) =>
      problems.push(...checkName(`efoConsumerNames[${i}]`, name, NAME_RULES.kinesisConsumerName)),
    );
    problems.push(...checkNoDuplicates("efoConsumerNames", consumers));
  }

  // CDK rules 3-4: shard-level metrics from the allowed set, no duplicates, ALL alone.
  const metrics = input.shardLevelMetrics;
  if (metrics !== undefined && !isToken(metrics)) {
    const allowedMetrics: readonly string[] = ALLOWED_VALUES.shardLevelMetrics.values;
    metrics.forEach((m, i) => problems.push(...checkOneOf(`shardLevelMetrics[${i}]`, m, allowedMetrics)));
    problems.push(...checkNoDuplicates("shardLevelMetrics", metrics));
    if (metrics.includes("ALL") && metrics.some((m) => m !== "ALL")) {
      problems.push({
        property: "shardLevelMetrics",
        value: metrics,
        allowed: '["ALL"] on its own, or a list of individual metrics without "ALL"',
      });
    }
  }

  // Per-stream maximum record size (MaxRecordSizeInKiB), 1024-10240 KiB.
  problems.push(
    ...checkIntegerRange(
      "maxRecordSizeKiB",
      input.maxRecordSizeKiB,
      KINESIS_LIMITS.defaultMaxRecordBytes.value / KiB,
      KINESIS_LIMITS.maxRecordBytesCeiling.value / KiB,
      "KiB",
    ),
  );

  // KMS pending-deletion window, 7-30 days (CDK aws-kms pendingWindow rule).
  problems.push(
    ...checkIntegerRange(
      "kmsDeletionWindowDays",
      input.kmsDeletionWindowDays,
      KMS_LIMITS.deletionWindowMinDays.value,
      KMS_LIMITS.deletionWindowMaxDays.value,
      "days",
    ),
  );

  return problems;
}
