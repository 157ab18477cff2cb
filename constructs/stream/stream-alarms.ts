import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Fn, Op } from "cdktf";
import { Construct } from "constructs";
import { KINESIS_LIMITS } from "stream-simulator";
import { isToken, type Problem, throwIfProblems } from "../validation/problems";
import { validateStreamAlarmsProps } from "../validation/stream-alarms";
import { alarmMetric, streamMetric, STREAM_METRIC_PERIOD_SECONDS, type StreamMetricName } from "../metrics";
import type { StreamAlarmsProps } from "./props";

/** Default fraction of the retention period at which the iterator-age alarm fires. */
export const DEFAULT_ITERATOR_AGE_ALARM_FRACTION = 0.5;

/** Default fraction of a provisioned stream's write capacity at which the incoming bytes/records alarms fire. */
export const DEFAULT_CAPACITY_ALARM_FRACTION = 0.8;

/** Metric period of every stream alarm: Kinesis publishes stream-level metrics each minute. */
const PERIOD_SECONDS = STREAM_METRIC_PERIOD_SECONDS;
/** Minutes looked at by each alarm. */
const EVALUATION_PERIODS = 5;
/**
 * Throttled minutes out of `EVALUATION_PERIODS` before the throughput alarms fire: a single throttled minute is
 * normal under bursts (SDKs retry), three in five means sustained under-provisioning or a hot shard.
 */
const THROTTLE_DATAPOINTS_TO_ALARM = 3;

const MS_PER_HOUR = 60 * 60 * 1000;

/**
 * The four CloudWatch alarms a Kinesis stream needs, each dimensioned by `StreamName` (the stream alarms of AWS
 * Solutions Constructs have no dimension, so they most likely never receive data: awslabs/aws-solutions-constructs@33c062f,
 * `source/patterns/@aws-solutions-constructs/core/lib/kinesis-streams-helper.ts`, `buildKinesisStreamCWAlarms`):
 * - `GetRecords.IteratorAgeMilliseconds` Maximum ≥ a threshold derived from the *configured* retention, not a
 *   hard-coded 12 h: consumers are falling behind and records risk expiring unread;
 * - `WriteProvisionedThroughputExceeded` Sum > 0: producers are throttled (hot shard or too few shards);
 * - `ReadProvisionedThroughputExceeded` Sum > 0: shared-throughput consumers are throttled;
 * - `PutRecords.ThrottledRecords` Sum > 0: entries of PutRecords batches were throttled. The write alarm above counts
 *   them too (so both fire together for batch producers); this one names the batch API, where a partly throttled
 *   call still returns success and its failed entries are resent only by a producer that reads `FailedRecordCount`
 *   (https://docs.aws.amazon.com/streams/latest/dev/developing-producers-with-sdk.html). It cannot tell resent
 *   entries from lost ones. Metric: https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html
 *   (checked 2026-12-04).
 * Missing data is not breaching: an idle stream publishes no throttling datapoints, which is healthy.
 */
export class StreamAlarms extends Construct {
  /**
   * Every problem with the alarm settings of `props` (empty when valid): `validateStreamAlarmsProps`, property names
   * as written on `EncryptedStreamProps`.
   */
  public static validate(
    props: Omit<StreamAlarmsProps, "streamName" | "retentionHours" | "shardCount"> & { retentionHours?: number },
  ): Problem[] {
    return validateStreamAlarmsProps({ ...props, streamName: "", retentionHours: props.retentionHours as number });
  }

  /** Consumers falling behind: the oldest unread record is older than the threshold. */
  public readonly iteratorAge: CloudwatchMetricAlarm;
  /** Producers throttled. */
  public readonly writeThroughputExceeded: CloudwatchMetricAlarm;
  /** Shared-throughput consumers throttled. */
  public readonly readThroughputExceeded: CloudwatchMetricAlarm;
  /** Entries of PutRecords batches throttled (which the producer itself must resend). */
  public readonly putRecordsThrottledRecords: CloudwatchMetricAlarm;
  /** The iterator-age threshold in milliseconds. */
  public readonly iteratorAgeThresholdMs: number;
  /** Incoming bytes per minute near the provisioned capacity; only with `shardCount`. */
  public readonly incomingBytes?: CloudwatchMetricAlarm;
  /** Incoming records per minute near the provisioned capacity; only with `shardCount`. */
  public readonly incomingRecords?: CloudwatchMetricAlarm;

  public constructor(scope: Construct, id: string, props: StreamAlarmsProps) {
    super(scope, id);
    throwIfProblems(this.node.path, validateStreamAlarmsProps(props));
    this.iteratorAgeThresholdMs =
      props.iteratorAgeAlarmThresholdMs ??
      Math.floor(props.retentionHours * MS_PER_HOUR * (props.iteratorAgeAlarmFraction ?? DEFAULT_ITERATOR_AGE_ALARM_FRACTION));

    const actions = props.alarmActionArns ? [...props.alarmActionArns] : undefined;
    const metric = (name: StreamMetricName, statistic?: string) => alarmMetric(streamMetric(props.streamName, name, { statistic, periodSeconds: PERIOD_SECONDS }));
    const common = {
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
      ...metric("GetRecords.IteratorAgeMilliseconds"),
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: this.iteratorAgeThresholdMs,
      // Every minute of the window over the threshold: iterator age is a level, not an event.
      datapointsToAlarm: EVALUATION_PERIODS,
    });
    this.writeThroughputExceeded = new CloudwatchMetricAlarm(this, "WriteThroughputExceeded", {
      ...common,
      alarmName: `${props.streamName}-write-throughput-exceeded`,
      alarmDescription: `Producers to Kinesis stream ${props.streamName} are being throttled (hot shard or too little capacity).`,
      ...metric("WriteProvisionedThroughputExceeded"),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
    });
    this.readThroughputExceeded = new CloudwatchMetricAlarm(this, "ReadThroughputExceeded", {
      ...common,
      alarmName: `${props.streamName}-read-throughput-exceeded`,
      alarmDescription: `Shared-throughput consumers of Kinesis stream ${props.streamName} are being throttled.`,
      ...metric("ReadProvisionedThroughputExceeded"),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      datapointsToAlarm: THROTTLE_DATAPOINTS_TO_ALARM,
    });

    this.putRecordsThrottledRecords = new CloudwatchMetricAlarm(this, "PutRecordsThrottledRecords", {
      ...common,
      alarmName: `${props.streamName}-put-records-throttled-records`,
      alarmDescription:
        `Entries of PutRecords batches to Kinesis stream ${props.streamName} are being throttled (also counted by the write alarm): ` +
        "the calls succeed, so check that producers resend failed entries (FailedRecordCount).",
      ...metric("PutRecords.ThrottledRecords"),
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
        ...metric("IncomingBytes"),
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
        ...metric("IncomingRecords"),
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
