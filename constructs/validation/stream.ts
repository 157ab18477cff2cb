/**
 * Synth-time rules of an `EncryptedStream` (its props and an imported stream's attributes). Pure: returns every
 * problem, never throws; tokens are skipped. Defaults are applied first (`resolveStreamSettings`), so a rule sees
 * the values the stream deploys with.
 *
 * Matches aws-cdk-lib's rules for a Kinesis `Stream` (aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesis/lib/stream.ts`,
 * aws-cdk-lib 2.276.0: 1 no shard count with on-demand, 2 retention 24-8760 h, 3 shard-level metrics ALL alone,
 * 4 no duplicate metrics) and the KMS `pendingWindow` rule (`aws-kms/lib/key.ts`), and adds name, enhanced fan-out
 * consumer and provisioned shard-count checks, the key's alias, and the alarm settings.
 * Figures: `KINESIS_LIMITS`, `NAME_RULES`, `ALLOWED_VALUES` in stream-simulator/src/limits.ts.
 */
import { ALLOWED_VALUES, KINESIS_LIMITS, NAME_RULES } from "stream-simulator";
import type { EncryptedStreamProps, StreamAttributes } from "../stream/props";
import { resolveStreamSettings } from "../stream/settings";
import type { StreamCapacity } from "../stream/stream-capacity";
import { checkAliasName, checkDeletionWindow } from "./key";
import { checkExistingKeyArn } from "./region";
import { isToken, type Problem } from "./problems";
import { checkIntegerRange, checkKmsKeyArn, checkMaxCount, checkName, checkNoDuplicates, checkOneOf, checkRemovalPolicy, checkTags } from "./rules";
import { checkPropsShape, described, optional, REMOVAL_POLICY_SPEC, required, type PropsShape, type ShapeCheck } from "./props-shape";
import { validateStreamAlarmsProps } from "./stream-alarms";

const STREAM_MODES = ["PROVISIONED", "ON_DEMAND"] as const;

/** A Kinesis stream ARN, partition-aware. */
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/;

/** Alarm settings that mean nothing with `alarms: false`. */
const ALARM_SETTINGS = ["alarmActionArns", "iteratorAgeAlarmFraction", "iteratorAgeAlarmThresholdMs", "capacityAlarmFraction"] as const;

/**
 * Problems of a capacity's shard count (`capacity.shardCount`): none with on-demand (CDK rule 1; Terraform's
 * aws_kinesis_stream also rejects it at plan time, https://github.com/hashicorp/terraform-provider-aws/issues/22921),
 * an integer from 1 to `KINESIS_LIMITS.maxShardsPerStream` when provisioned.
 */
export function shardCountProblems(capacity: StreamCapacity): Problem[] {
  if (capacity.mode === "ON_DEMAND") {
    if (capacity.shardCount === undefined) return [];
    return [
      {
        property: "capacity.shardCount",
        value: capacity.shardCount,
        allowed: "shardCount must not be set with on-demand capacity; remove it, or set mode to PROVISIONED",
      },
    ];
  }
  if (capacity.mode !== "PROVISIONED") return [];
  return checkIntegerRange("capacity.shardCount", capacity.shardCount, 1, KINESIS_LIMITS.maxShardsPerStream.value, "shards");
}

/** Warnings for a stream in `region` (known at synth): every EncryptedStream encrypts with KMS. */
export function streamRegionWarnings(region: string | undefined): string[] {
  const unlisted: readonly string[] = ALLOWED_VALUES.kinesisSseUnlistedRegions.values;
  if (region === undefined || !unlisted.includes(region)) return [];
  return [
    `region ${region}: the Kinesis Data Streams FAQ (${ALLOWED_VALUES.kinesisSseUnlistedRegions.source}) lists it as a region without server-side encryption, and ` +
      "EncryptedStream always encrypts; if CreateStream or StartStreamEncryption fails there, deploy the stream in China (Ningxia), cn-northwest-1",
  ];
}

/**
 * Every problem with an `EncryptedStream`'s props (empty when valid), except those of its declared workload
 * (`checkStreamCapacity`).
 */
export function validateEncryptedStreamProps(
  props: EncryptedStreamProps,
  context: {
    /** Whether the stream declares a workload, so the library tags it `CapacitySizing` (one of its 50 tags). */
    readonly sized?: boolean;
    /** The stack's region when known at synth (the region context, `knownRegion`). */
    readonly region?: string;
  } = {},
): Problem[] {
  const { capacity, encryption, keyProps, alarms } = resolveStreamSettings(props);
  const problems: Problem[] = [];
  problems.push(...checkTags("tags", props.tags, context.sized ? ["CapacitySizing"] : []));

  problems.push(...checkName("streamName", props.streamName, NAME_RULES.kinesisStreamName));
  problems.push(...checkRemovalPolicy("removalPolicy", props.removalPolicy));
  problems.push(...checkOneOf("capacity.mode", capacity.mode, STREAM_MODES));
  problems.push(...shardCountProblems(capacity));

  // CDK rule 2: retention 24-8760 h.
  problems.push(
    ...checkIntegerRange(
      "retentionHours",
      props.retentionHours,
      KINESIS_LIMITS.retentionMinHours.value,
      KINESIS_LIMITS.retentionMaxHours.value,
      "hours",
    ),
  );

  // EFO consumers: at most 20 registered per stream, valid and distinct names.
  const consumers = props.efoConsumerNames;
  if (consumers !== undefined && !isToken(consumers)) {
    problems.push(
      ...checkMaxCount(
        "efoConsumerNames",
        consumers,
        KINESIS_LIMITS.maxEfoConsumersPerStream.value,
        "enhanced fan-out consumers per stream",
      ),
    );
    consumers.forEach((name, i) => problems.push(...checkName(`efoConsumerNames[${i}]`, name, NAME_RULES.kinesisConsumerName)));
    problems.push(...checkNoDuplicates("efoConsumerNames", consumers));
  }

  // CDK rules 3-4: shard-level metrics from the allowed set, no duplicates, ALL alone.
  const metrics = props.shardLevelMetrics;
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

  // The key the stream creates (its deletion window: the CDK aws-kms pendingWindow rule), or the one it is given.
  if (keyProps) {
    problems.push(...checkDeletionWindow("encryption.deletionWindowDays", keyProps.deletionWindowDays));
    problems.push(...checkAliasName("encryption.aliasName", keyProps.aliasName));
  }
  if (encryption.kind === "EXISTING_KEY") {
    const arn = encryption.keyArn;
    problems.push(
      ...(typeof arn === "string"
        ? checkExistingKeyArn("encryption.keyArn", arn, context.region)
        : [{ property: "encryption.keyArn", value: arn, allowed: "a KMS key ARN" }]),
    );
  }

  if (alarms !== undefined) {
    problems.push(...validateStreamAlarmsProps(alarms));
  } else {
    // Alarm settings without alarms are a contradiction, not something to ignore silently.
    for (const property of ALARM_SETTINGS) {
      if (props[property] !== undefined) {
        problems.push({ property, value: props[property], allowed: "only with alarms enabled (remove it or alarms: false)" });
      }
    }
  }
  return problems;
}

/** Every problem with the attributes of an existing stream (`EncryptedStream.fromStreamAttributes`). */
export function validateStreamAttributes(attributes: StreamAttributes): Problem[] {
  const arn = attributes.streamArn;
  const problems: Problem[] = [];
  if (!isToken(arn) && !(typeof arn === "string" && STREAM_ARN.test(arn))) {
    problems.push({
      property: "streamArn",
      value: arn,
      allowed: "a Kinesis stream ARN, arn:<partition>:kinesis:<region>:<account>:stream/<name>",
    });
  }
  problems.push(...checkKmsKeyArn("encryptionKeyArn", attributes.encryptionKeyArn));
  return problems;
}

/** The JavaScript shape of `EncryptedStreamProps` (`checkPropsShape`). */
export const ENCRYPTED_STREAM_PROPS_SHAPE: PropsShape<EncryptedStreamProps> = {
  streamName: required("string"),
  capacity: described(optional("object"), "a StreamCapacity (StreamCapacity.onDemand(), .provisioned(n), .forWorkload(w))"),
  workload: optional("object"),
  capacityCheck: optional("object"),
  capacityAlarmFraction: optional("number"),
  retentionHours: optional("number"),
  encryption: described(optional("object"), "a StreamEncryption (StreamEncryption.customerManagedKey(), .existingKey(k), .awsManaged())"),
  efoConsumerNames: optional("array"),
  shardLevelMetrics: optional("array"),
  alarms: optional("boolean"),
  iteratorAgeAlarmFraction: optional("number"),
  iteratorAgeAlarmThresholdMs: optional("number"),
  alarmActionArns: optional("array"),
  removalPolicy: REMOVAL_POLICY_SPEC,
  tags: optional("object"),
};

/** The JavaScript shape of `StreamAttributes`. */
export const STREAM_ATTRIBUTES_SHAPE: PropsShape<StreamAttributes> = {
  streamArn: required("string"),
  encryptionKeyArn: optional("string"),
};

/** `props` as given checked against `ENCRYPTED_STREAM_PROPS_SHAPE` (`prefix`/`partial` for a composite's `stream`). */
export function encryptedStreamPropsShape(props: unknown, options: { prefix?: string; partial?: boolean } = {}): ShapeCheck<EncryptedStreamProps> {
  return checkPropsShape(props, ENCRYPTED_STREAM_PROPS_SHAPE, "EncryptedStreamProps", options);
}
