import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Fn, Op } from "cdktf";
import { Construct } from "constructs";
import { CLOUDWATCH_LIMITS, KINESIS_LIMITS } from "stream-simulator";
import { isToken, type Problem } from "./validation/problems";

/** Default fraction of the retention period at which the iterator-age alarm fires. */
export const DEFAULT_ITERATOR_AGE_ALARM_FRACTION = 0.5;

/** Default fraction of a provisioned stream's write capacity at which the incoming bytes/records alarms fire. */
export const DEFAULT_CAPACITY_ALARM_FRACTION = 0.8;

/** Metric period of every stream alarm: Kinesis publishes stream-level metrics each minute. */
const PERIOD_SECONDS = 60;
/** Minutes looked at by each alarm. */
const EVALUATION_PERIODS = 5;
/**
 * Throttled minutes out of `EVALUATION_PERIODS` before the throughput alarms fire: a single throttled minute is
 * normal under bursts (SDKs retry), three in five means sustained under-provisioning or a hot shard.
 */
const THROTTLE_DATAPOINTS_TO_ALARM = 3;

const MS_PER_HOUR = 60 * 60 * 1000;

/** SNS topic ARN, partition-aware (aws, aws-cn, aws-us-gov, …). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** Properties of `StreamAlarms`. */
export interface StreamAlarmsProps {
  /** Name of the stream the alarms watch (the `StreamName` dimension, and part of each alarm name). */
  readonly streamName: string;
  /** Retention of the stream in hours: the iterator-age threshold is a fraction of it. */
  readonly retentionHours: number;
  /**
   * Fraction of the retention period (greater than 0, at most 1) the oldest unread record may reach before the
   * iterator-age alarm fires. At 0.5 a consumer still has half the retention period to catch up before records
   * expire unread.
   * @default 0.5
   */
  readonly iteratorAgeAlarmFraction?: number;
  /**
   * Explicit iterator-age threshold in milliseconds, overriding `iteratorAgeAlarmFraction`. Required when
   * `retentionHours` is a Terraform token (the threshold cannot be derived at synth time).
   * @default - `retentionHours` × `iteratorAgeAlarmFraction`
   */
  readonly iteratorAgeAlarmThresholdMs?: number;
  /**
   * Provisioned shard count: with it, `IncomingBytes` and `IncomingRecords` alarms fire at `capacityAlarmFraction` of
   * the stream's write capacity. On-demand streams have no fixed capacity (AWS scales to twice the previous peak),
   * so no fraction of it is a fixed number; their throttling shows in the write-throughput-exceeded alarm.
   * @default - no capacity alarms
   */
  readonly shardCount?: number;
  /**
   * Fraction (greater than 0, at most 1) of the provisioned write capacity — shards × 1 MiB/s and shards × 1,000
   * records/s, as per-minute sums — at which the incoming bytes/records alarms fire. A stream-level sum: a hot shard
   * can throttle below it (the write-throughput-exceeded alarm covers that).
   * @default 0.8
   */
  readonly capacityAlarmFraction?: number;
  /**
   * SNS topic ARNs notified when an alarm fires and when it recovers (at most 5).
   * @default - no actions: the alarms are visible in the console only
   */
  readonly alarmActionArns?: readonly string[];
  /**
   * Tags for the alarms.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The three CloudWatch alarms a Kinesis stream needs, each dimensioned by `StreamName` (the anchors' alarms lack
 * it and never receive data, prior-art.md §4, §7):
 * - `GetRecords.IteratorAgeMilliseconds` Maximum ≥ a threshold derived from the *configured* retention, not a
 *   hard-coded 12 h: consumers are falling behind and records risk expiring unread;
 * - `WriteProvisionedThroughputExceeded` Sum > 0: producers are throttled (hot shard or too few shards);
 * - `ReadProvisionedThroughputExceeded` Sum > 0: shared-throughput consumers are throttled.
 * Missing data is not breaching: an idle stream publishes no throttling datapoints, which is healthy.
 */
export class StreamAlarms extends Construct {
  /** Every problem with `props` (empty when valid); property names as written on `EncryptedStreamProps`. */
  public static validate(
    props: Omit<StreamAlarmsProps, "streamName" | "retentionHours" | "shardCount"> & { retentionHours?: number },
  ): Problem[] {
    const problems: Problem[] = [];
    const fraction = props.iteratorAgeAlarmFraction;
    if (fraction !== undefined && !isToken(fraction)) {
      if (typeof fraction !== "number" || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
        problems.push({
          property: "iteratorAgeAlarmFraction",
          value: fraction,
          allowed: "a number greater than 0 and at most 1 (fraction of the retention period)",
        });
      }
    }
    const capacityFraction = props.capacityAlarmFraction;
    if (capacityFraction !== undefined && !isToken(capacityFraction)) {
      if (typeof capacityFraction !== "number" || !Number.isFinite(capacityFraction) || capacityFraction <= 0 || capacityFraction > 1) {
        problems.push({
          property: "capacityAlarmFraction",
          value: capacityFraction,
          allowed: "a number greater than 0 and at most 1 (fraction of the provisioned write capacity)",
        });
      }
    }
    const threshold = props.iteratorAgeAlarmThresholdMs;
    if (threshold !== undefined && !isToken(threshold)) {
      if (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold <= 0) {
        problems.push({ property: "iteratorAgeAlarmThresholdMs", value: threshold, allowed: "a positive integer (milliseconds)" });
      }
    }
    if (threshold === undefined && props.retentionHours !== undefined && isToken(props.retentionHours)) {
      problems.push({
        property: "iteratorAgeAlarmThresholdMs",
        value: threshold,
        allowed: "an explicit threshold when retentionHours is a Terraform token (or set alarms: false)",
      });
    }
    const actions = props.alarmActionArns;
    if (actions !== undefined && !isToken(actions)) {
      const max = CLOUDWATCH_LIMITS.maxAlarmActionsPerState.value;
      if (actions.length > max) {
        problems.push({ property: "alarmActionArns", value: actions, allowed: `at most ${max} actions (got ${actions.length})` });
      }
      actions.forEach((arn, i) => {
        if (!isToken(arn) && !(typeof arn === "string" && SNS_TOPIC_ARN.test(arn))) {
          problems.push({
            property: `alarmActionArns[${i}]`,
            value: arn,
            allowed: "an SNS topic ARN, arn:<partition>:sns:<region>:<12-digit account>:<topic>",
          });
        }
      });
    }
    return problems;
  }

  /** Consumers falling behind: the oldest unread record is older than the threshold. */
  public readonly iteratorAge: CloudwatchMetricAlarm;
  /** Producers throttled. */
  public readonly writeThroughputExceeded: CloudwatchMetricAlarm;
  /** Shared-throughput consumers throttled. */
  public readonly readThroughputExceeded: CloudwatchMetricAlarm;
  /** The iterator-age threshold in milliseconds. */
  public readonly iteratorAgeThresholdMs: number;
  /** Incoming bytes per minute near the provisioned capacity; only with `shardCount`. */
  public readonly incomingBytes?: CloudwatchMetricAlarm;
  /** Incoming records per minute near the provisioned capacity; only with `shardCount`. */
  public readonly incomingRecords?: CloudwatchMetricAlarm;

  public constructor(scope: Construct, id: string, props: StreamAlarmsProps) {
    super(scope, id);
    this.iteratorAgeThresholdMs =
      props.iteratorAgeAlarmThresholdMs ??
      Math.floor(props.retentionHours * MS_PER_HOUR * (props.iteratorAgeAlarmFraction ?? DEFAULT_ITERATOR_AGE_ALARM_FRACTION));

    const actions = props.alarmActionArns ? [...props.alarmActionArns] : undefined;
    const common = {
      namespace: "AWS/Kinesis",
      dimensions: { StreamName: props.streamName },
      period: PERIOD_SECONDS,
      evaluationPeriods: EVALUATION_PERIODS,
      treatMissingData: "notBreaching",
      alarmActions: actions,
      okActions: actions,
      tags: props.tags ? { ...props.tags } : undefined,
    };

    this.iteratorAge = new CloudwatchMetricAlarm(this, "IteratorAge", {
      ...common,
      alarmName: `${props.streamName}-iterator-age`,
      alarmDescription:
        `Consumers of Kinesis stream ${props.streamName} are falling behind: the oldest unread record is older than ` +
        `${this.iteratorAgeThresholdMs} ms; records expire unread after the retention period.`,
      metricName: "GetRecords.IteratorAgeMilliseconds",
      statistic: "Maximum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: this.iteratorAgeThresholdMs,
      // Every minute of the window over the threshold: iterator age is a level, not an event.
      datapointsToAlarm: EVALUATION_PERIODS,
    });
    this.writeThroughputExceeded = new CloudwatchMetricAlarm(this, "WriteThroughputExceeded", {
      ...common,
      alarmName: `${props.streamName}-write-throughput-exceeded`,
      alarmDescription: `Producers to Kinesis stream ${props.streamName} are being throttled (hot shard or too little capacity).`,
      metricName: "WriteProvisionedThroughputExceeded",
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
    });
    this.readThroughputExceeded = new CloudwatchMetricAlarm(this, "ReadThroughputExceeded", {
      ...common,
      alarmName: `${props.streamName}-read-throughput-exceeded`,
      alarmDescription: `Shared-throughput consumers of Kinesis stream ${props.streamName} are being throttled.`,
      metricName: "ReadProvisionedThroughputExceeded",
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
    });

    const shards = props.shardCount;
    if (shards !== undefined) {
      const fraction = props.capacityAlarmFraction ?? DEFAULT_CAPACITY_ALARM_FRACTION;
      const thresholds = capacityAlarmThresholds(shards, fraction);
      const fractionText = isToken(fraction) ? "the configured fraction" : `${Math.round(fraction * 100)}%`;
      this.incomingBytes = new CloudwatchMetricAlarm(this, "IncomingBytes", {
        ...common,
        alarmName: `${props.streamName}-incoming-bytes`,
        alarmDescription:
          `Writes to Kinesis stream ${props.streamName} exceed ${fractionText} of its ${shards} shards' byte capacity ` +
          `(${thresholds.bytesPerMinute} bytes per minute): add shards or check the declared workload.`,
        metricName: "IncomingBytes",
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: thresholds.bytesPerMinute,
        datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
      });
      this.incomingRecords = new CloudwatchMetricAlarm(this, "IncomingRecords", {
        ...common,
        alarmName: `${props.streamName}-incoming-records`,
        alarmDescription:
          `Writes to Kinesis stream ${props.streamName} exceed ${fractionText} of its ${shards} shards' record capacity ` +
          `(${thresholds.recordsPerMinute} records per minute): add shards, aggregate records, or check the declared workload.`,
        metricName: "IncomingRecords",
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: thresholds.recordsPerMinute,
        datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
      });
    }
  }
}

/**
 * Per-minute (`PERIOD_SECONDS`) Sum thresholds at `fraction` of a provisioned stream's write capacity:
 * shards × 1 MiB/s × 60 s bytes and shards × 1,000 records/s × 60 s records (`KINESIS_LIMITS`), floored; a Terraform
 * expression when either input is a token.
 */
export function capacityAlarmThresholds(shards: number, fraction: number): { bytesPerMinute: number; recordsPerMinute: number } {
  if (isToken(shards) || isToken(fraction)) {
    // Known only at deploy time: Terraform computes floor(fraction × shards × limit × 60). Arithmetic on a number
    // token in JavaScript would turn it into a huge negative literal.
    const perMinute = (limit: number): number =>
      Fn.floor(Op.mul(Op.mul(fraction, shards), limit * PERIOD_SECONDS));
    return {
      bytesPerMinute: perMinute(KINESIS_LIMITS.shardWriteBytesPerSecond.value),
      recordsPerMinute: perMinute(KINESIS_LIMITS.shardWriteRecordsPerSecond.value),
    };
  }
  return {
    bytesPerMinute: Math.floor(fraction * shards * KINESIS_LIMITS.shardWriteBytesPerSecond.value * PERIOD_SECONDS),
    recordsPerMinute: Math.floor(fraction * shards * KINESIS_LIMITS.shardWriteRecordsPerSecond.value * PERIOD_SECONDS),
  };
}
