/** Properties of the stream family's constructs (`EncryptedStream`, its imports, `StreamAlarms`). */
import type { CapacityCheckOptions, Workload } from "stream-simulator";
import type { StreamCapacity } from "./stream-capacity";
import type { RemovalPolicy } from "../removal-policy";
import type { StreamEncryption } from "./stream-encryption";

/** Properties of an `EncryptedStream`. */
export interface EncryptedStreamProps {
  /** Name of the stream: 1–128 letters, digits, '_', '.', '-', unique per account and region. */
  readonly streamName: string;
  /**
   * Capacity mode. On-demand by default: it needs no shard sizing and scales with traffic, and a wrong shard count
   * is the most common cause of throttling; choose `StreamCapacity.provisioned(n)` for steady, known throughput.
   * @default StreamCapacity.onDemand()
   */
  readonly capacity?: StreamCapacity;
  /**
   * Declared workload of the stream (stream-simulator `Workload`: records/s, record size, burstiness, partition-key
   * design, consumers). With an explicit capacity, synth fails unless the simulation says the capacity sustains it
   * (`checkCapacity`: throttled fraction within the target, busiest shard within the headroom, readers keep up; for
   * on-demand, a new stream's 4 MiB/s, the doubling rule and the per-key limit). With
   * `StreamCapacity.forWorkload(workload)` it may be omitted (or must be the same workload). When a workload is
   * declared, the stream gets a `CapacitySizing` tag and a Terraform output with the recommendation, binding
   * constraint, simulated peak utilization, monthly cost estimate and explanation.
   * @default - no workload: capacity is not checked
   */
  readonly workload?: Workload;
  /**
   * Pass criteria of the `workload` check of an explicit capacity (with `forWorkload`, give them to `forWorkload`).
   * @default { targetThrottledFraction: 0.001, headroom: 0.8 }
   */
  readonly capacityCheck?: CapacityCheckOptions;
  /**
   * Fraction (0 < x ≤ 1) of a provisioned stream's write capacity at which the `IncomingBytes` / `IncomingRecords`
   * alarms fire (per-minute sums against shards × 1 MiB/s × 60 s and shards × 1,000 records/s × 60 s). On-demand
   * streams get no such alarms (see `StreamAlarms`).
   * @default 0.8
   */
  readonly capacityAlarmFraction?: number;
  /**
   * How long records stay readable, 24–8760 hours. Above 168 hours long-term retention pricing applies.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * Server-side encryption key. Encryption is always on (`encryption_type = "KMS"`).
   * @default StreamEncryption.customerManagedKey(): a `PipelineKey` aliased `alias/kinesis/<streamName>`
   */
  readonly encryption?: StreamEncryption;
  /**
   * Names of enhanced fan-out consumers to register (`aws_kinesis_stream_consumer`), at most 20, distinct.
   * @default - none
   */
  readonly efoConsumerNames?: readonly string[];
  /**
   * Shard-level (enhanced) CloudWatch metrics to enable. Each costs money, so none by default.
   * @default - none
   */
  readonly shardLevelMetrics?: readonly string[];
  /**
   * Create the stream's CloudWatch alarms (iterator age, read and write throughput exceeded).
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Fraction of the retention period the iterator age may reach before its alarm fires (0 < x ≤ 1).
   * @default 0.5
   */
  readonly iteratorAgeAlarmFraction?: number;
  /**
   * Explicit iterator-age alarm threshold in milliseconds, overriding `iteratorAgeAlarmFraction`.
   * @default - derived from `retentionHours`
   */
  readonly iteratorAgeAlarmThresholdMs?: number;
  /**
   * SNS topic ARNs notified when an alarm fires and recovers (at most 5).
   * @default - none
   */
  readonly alarmActionArns?: readonly string[];
  // No `maxRecordSizeKiB`: aws_kinesis_stream in AWS provider 5.100.0 (@cdktf/provider-aws 20.1.0) has no
  // max_record_size argument, so the per-stream MaxRecordSizeInKiB
  // (https://docs.aws.amazon.com/streams/latest/dev/large-records.html) cannot be set from Terraform yet.
  /**
   * Whether Terraform may delete (or replace) the stream and the key it creates. By default a plan that would —
   * `cdktf destroy`, a change that replaces the stream — fails (`prevent_destroy`) instead of losing the records
   * still retained; `RemovalPolicy.DESTROY` for test and development stacks. (Removing the construct or renaming its
   * id removes the protection with it: see docs/removal-policy.md.)
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Tags for the stream, its key and its alarms.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Attributes of an existing stream for `EncryptedStream.fromStreamAttributes`. */
export interface StreamAttributes {
  /** ARN of the stream, `arn:<partition>:kinesis:<region>:<account>:stream/<name>` (a token is accepted). */
  readonly streamArn: string;
  /**
   * ARN of the customer-managed key encrypting the stream, so grants add the KMS statements readers and writers need.
   * @default - the stream uses the AWS-managed key (or is unencrypted): grants add no KMS statement
   */
  readonly encryptionKeyArn?: string;
}

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
