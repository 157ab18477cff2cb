/**
 * Properties of a `FirehoseToS3` and its option objects. Defaults are applied in one place, `resolveFirehoseSettings`
 * (./settings.ts), which the construct, its validation and `StreamingPipeline` share.
 */
import type { FirehoseQuotaOverrides, Workload } from "stream-simulator";
import type { SecureBucketProps } from "../bucket/props";
import type { IEncryptedStream, ISecureBucket } from "../interfaces";
import type { RemovalPolicy } from "../removal-policy";
import type { Compression } from "./compression";

/** Dynamic partitioning by keys extracted from each JSON record with JQ. */
export interface DynamicPartitioningOptions {
  /**
   * Partition key name → JQ 1.6 expression run on each record, e.g. `{ customer_id: ".customer.id" }`. Every key
   * must appear in `prefix` as `!{partitionKeyFromQuery:<key>}` and vice versa. May be empty only when a
   * `transformLambdaArn` returns the partition keys (`!{partitionKeyFromLambda:<key>}`).
   */
  readonly jqQuery: Readonly<Record<string, string>>;
  /**
   * How long Firehose retries delivering to S3 before giving up, 0–7200 seconds.
   * @default - the service default, 300 seconds
   */
  readonly retryDurationSeconds?: number;
  /**
   * Append a newline after each record (`AppendDelimiterToRecord`), so objects are JSON Lines rather than
   * concatenated JSON: Firehose writes records with no separator otherwise (awsdocs/amazon-kinesis-data-firehose-developer-guide,
   * archived `doc_source/basic-deliver.md`).
   * @default true
   */
  readonly appendNewlineDelimiter?: boolean;
  /**
   * Distinct S3 prefixes (partition-key value combinations × timestamp buckets) Firehose buffers at once, i.e. active
   * within one buffering interval, under the declared `workload`. Each has its own buffer, so it multiplies the
   * objects per hour and divides their size, and it is checked against Firehose's active-partition quota (500 by
   * default; `quotas.activePartitions` after an increase). Required when a `workload` is declared; unused otherwise.
   * @default - none (required with a `workload`)
   */
  readonly expectedActivePartitions?: number;
}

/** Backup of every source record, untransformed, next to the delivered data. */
export interface SourceRecordBackupOptions {
  /**
   * S3 prefix of the backup objects in the destination bucket. Literal text only (no `!{...}`): Firehose then
   * appends `YYYY/MM/dd/HH/` itself, and the backup needs no error prefix.
   * @default "backup/"
   */
  readonly prefix?: string;
}

/** Tuning of the delivery stream's alarms. */
export interface FirehoseAlarmOptions {
  /**
   * `DeliveryToS3.DataFreshness` threshold: the age in seconds of the oldest record not yet in S3. Must exceed
   * `bufferingIntervalSeconds`, which records legitimately wait.
   * @default 2 × bufferingIntervalSeconds + 300
   */
  readonly dataFreshnessThresholdSeconds?: number;
}

/** Buffering and retries of a `FirehoseToS3`'s transform Lambda (the Lambda processor's parameters). */
export interface TransformLambdaOptions {
  /**
   * Records Firehose buffers before invoking the function, in MB (0.2–3; `BufferSizeInMBs`). The invocation payload
   * is at most 6 MB, so keep records that the function enlarges in mind.
   * @default 1
   */
  readonly bufferSizeMB?: number;
  /**
   * Longest Firehose buffers before invoking the function, in seconds (0–900; `BufferIntervalInSeconds`).
   * @default 60
   */
  readonly bufferIntervalSeconds?: number;
  /**
   * Retries of an invocation that timed out or was throttled; a batch that still fails goes to the error prefix as
   * `processing-failed` (`NumberOfRetries`).
   * @default 3
   */
  readonly retries?: number;
}

/** Properties of a `FirehoseToS3`. */
export interface FirehoseToS3Props {
  /** Name of the delivery stream: 1–64 letters, digits, '_', '.', '-', unique per account and region. */
  readonly deliveryStreamName: string;
  /**
   * Kinesis data stream to read from. Without one the delivery stream accepts direct PUT (`grantPutRecords`).
   * The stream's own encryption then protects records in transit; delivery-stream SSE is not allowed.
   * @default - direct PUT
   */
  readonly source?: IEncryptedStream;
  /**
   * Server-side encryption of a direct-PUT delivery stream with a customer-managed key. Must not be `true` with a
   * `source`: AWS rejects server-side encryption of a delivery stream whose source is a Kinesis data stream (aws-cdk-lib
   * refuses it too: aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesisfirehose/lib/delivery-stream.ts`). Turning it off is
   * possible but leaves buffered records encrypted only with an AWS-owned key that cannot be audited.
   * @default true without a source (a `PipelineKey` unless `encryptionKeyArn` is given); not applicable with one
   */
  readonly serverSideEncryption?: boolean;
  /**
   * Existing customer-managed key for direct-PUT server-side encryption (its key policy must let this account's IAM
   * policies grant use, as `PipelineKey`'s does). Not allowed with a `source`.
   * @default - a `PipelineKey` child aliased `alias/firehose/<deliveryStreamName>`
   */
  readonly encryptionKeyArn?: string;
  /**
   * Destination bucket. Not together with `bucketProps`.
   * @default - a `SecureBucket` child configured by `bucketProps`
   */
  readonly bucket?: ISecureBucket;
  /**
   * Configuration of the `SecureBucket` created when no `bucket` is given; `tags` are merged in.
   * @default - SecureBucket defaults, with `bucketPrefix` derived from `deliveryStreamName`
   */
  readonly bucketProps?: SecureBucketProps;
  /**
   * Buffer size in MiB before Firehose writes an object, 1–128 (at least 64 with dynamic partitioning).
   * @default 5, or 128 with dynamic partitioning
   */
  readonly bufferingSizeMiB?: number;
  /**
   * Longest time in seconds Firehose buffers before writing, 0–900 (at least 60 with dynamic partitioning).
   * @default 300
   */
  readonly bufferingIntervalSeconds?: number;
  /**
   * Compression of delivered objects.
   * @default Compression.GZIP
   */
  readonly compression?: Compression;
  /**
   * S3 key prefix of delivered objects, with `!{namespace:value}` expressions. Required with dynamic
   * partitioning, where it must use every partition key.
   * @default "events/!{timestamp:yyyy/MM/dd}/" (no default with dynamic partitioning)
   */
  readonly prefix?: string;
  /**
   * S3 key prefix of records that failed delivery or processing; must contain `!{firehose:error-output-type}`
   * when it uses expressions.
   * @default "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"
   */
  readonly errorOutputPrefix?: string;
  /**
   * File extension of delivered objects, starting with '.', e.g. `.json.gz`.
   * @default - Firehose's default (the compression's extension, e.g. `.gz`)
   */
  readonly fileExtension?: string;
  /**
   * Time zone of the `!{timestamp:…}` expressions in `prefix` and `errorOutputPrefix` and of the objects' name
   * suffix (`custom_time_zone`), an IANA name such as `Europe/Berlin`. Firehose supports a list of them
   * (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html); a name no time-zone database knows is
   * refused at synth.
   * @default - UTC
   */
  readonly timeZone?: string;
  /**
   * Partition delivered objects by keys extracted from each record. Cannot be added to an existing delivery
   * stream without replacing it (https://github.com/hashicorp/terraform-provider-aws/issues/29092).
   * @default - no dynamic partitioning
   */
  readonly dynamicPartitioning?: DynamicPartitioningOptions;
  /**
   * ARN of a Lambda function transforming records before delivery. The role may invoke this function only.
   * @default - no transformation
   */
  readonly transformLambdaArn?: string;
  /**
   * How Firehose buffers records for the transform Lambda and retries it. Only with `transformLambdaArn`.
   * @default - Firehose's: 1 MB, 60 s, 3 retries
   */
  readonly transformOptions?: TransformLambdaOptions;
  /**
   * Back up every source record, as received, to the destination bucket (`true` for the defaults).
   * @default false
   */
  readonly sourceRecordBackup?: boolean | SourceRecordBackupOptions;
  /**
   * Log delivery errors to CloudWatch Logs (`/aws/kinesisfirehose/<deliveryStreamName>`).
   * @default true
   */
  readonly logging?: boolean;
  /**
   * Retention of the error log group, one of CloudWatch's finite values (never-expire is not offered).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The customer-managed KMS key encrypting the error log group: the ARN of an existing key (its key policy must
   * allow `logs.<region>.amazonaws.com`), or `false` for CloudWatch Logs' own server-side encryption (no key; scanners
   * such as checkov CKV_AWS_158 flag it).
   * @default - a `PipelineKey` of its own (`logKey`), whose key policy lets CloudWatch Logs use it for this log group only
   */
  readonly logEncryptionKeyArn?: string | false;
  /**
   * An existing log group to log delivery errors into (a central one, say): the log streams are created in it, and
   * neither a log group nor its key (its retention and encryption are the group owner's, so `logRetentionDays` and
   * `logEncryptionKeyArn` do not apply).
   * @default - a log group of its own, `/aws/kinesisfirehose/<deliveryStreamName>`
   */
  readonly logGroupName?: string;
  /**
   * Create the delivery alarms (`true`, `false`, or options).
   * @default true
   */
  readonly alarms?: boolean | FirehoseAlarmOptions;
  /**
   * SNS topic ARNs notified when an alarm fires and recovers (at most 5).
   * @default - none
   */
  readonly alarmActionArns?: readonly string[];
  /**
   * Whether Terraform may delete (or replace) what holds data: the error log group, the created bucket (unless
   * `bucketProps.removalPolicy` says otherwise) and the keys created. By default a plan that would delete or
   * replace them fails (`prevent_destroy`); `RemovalPolicy.DESTROY` for test and development stacks (see
   * docs/removal-policy.md).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Tags for every taggable resource created (delivery stream, role, key, bucket, log group, alarms).
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Declared workload of this delivery stream (records/s, record size, peak-to-average, producer batching, samples).
   * At synth it is simulated with this delivery's own settings (source, buffering, compression, dynamic
   * partitioning) in the stack's region: synth fails on a direct-PUT quota breach (records/s, requests/s, bytes/s;
   * not with a Kinesis `source`), on active partitions above the quota, on records above Firehose's maximum size, and
   * when `workload.region` differs from the stack's literal region. Wasteful settings (tiny objects, intervals under
   * 60 s, uncompressed compressible data, …) become synth warnings. The figures are exposed as `workloadEstimate` and
   * recorded as Terraform outputs. The workload's own `firehose` settings (used by `stream-sim cost`) are ignored here.
   * @default - no workload check
   */
  readonly workload?: Workload;
  /**
   * Quotas granted to this delivery stream by a Service Quotas increase, each replacing one default in the
   * `workload` check (direct-PUT records/s, requests/s, bytes/s; active partitions).
   * @default - the region's default quotas (stream-simulator limits.ts)
   */
  readonly quotas?: FirehoseQuotaOverrides;
}

/** Properties of `FirehoseAlarms`. */
export interface FirehoseAlarmsProps {
  /** Name of the delivery stream the alarms watch (the `DeliveryStreamName` dimension, and part of each alarm name). */
  readonly deliveryStreamName: string;
  /**
   * `DeliveryToS3.DataFreshness` threshold: the age in seconds of the oldest record not yet in S3. Records
   * legitimately wait up to the buffering interval, so choose more than that (`FirehoseToS3` defaults to
   * 2 × bufferingIntervalSeconds + 300).
   */
  readonly dataFreshnessThresholdSeconds: number;
  /**
   * Whether the delivery stream reads from a Kinesis data stream: its throttling alarm then watches
   * `ThrottledGetRecords` (reads of the source stream) instead of `ThrottledRecords` (direct PUT).
   * @default false
   */
  readonly kinesisSource?: boolean;
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

/** An existing delivery stream, for `FirehoseToS3.fromDeliveryStreamAttributes`: its name or its ARN (one of them). */
export interface DeliveryStreamAttributes {
  /**
   * Its name, in the stack's account and region.
   * @default - taken from `deliveryStreamArn`
   */
  readonly deliveryStreamName?: string;
  /**
   * Its ARN (`arn:<partition>:firehose:<region>:<account>:deliverystream/<name>`).
   * @default - built from `deliveryStreamName` in the stack's account and region
   */
  readonly deliveryStreamArn?: string;
  /**
   * ARN of the customer-managed key of its server-side encryption, so `grantPutRecords` adds the key use.
   * @default - none (no server-side encryption, or an AWS-owned key)
   */
  readonly encryptionKeyArn?: string;
}
