/**
 * The one place `FirehoseToS3`'s defaults are applied: `resolveFirehoseSettings(props)` gives the values its
 * validation checks, its resources use, and `StreamingPipeline` prices into the stream's cost estimate.
 */
import { Op } from "cdktf";
import { FIREHOSE_LIMITS, type FirehoseCompression, type FirehoseSpec } from "stream-simulator";
import { deriveBucketPrefix } from "../bucket/names";
import type { SecureBucketProps } from "../bucket/props";
import { REMOVAL_POLICIES } from "../removal-policy";
import { isToken } from "../validation/problems";
import { checkFirehoseBuffering, type FirehoseBuffering } from "../validation/rules";
import { Compression } from "./compression";
import type { FirehoseToS3Props } from "./props";

/** Default data prefix: one folder per UTC day, readable by Athena partition projection. */
export const DEFAULT_PREFIX = "events/!{timestamp:yyyy/MM/dd}/";
/**
 * Default error prefix. AWS requires one as soon as the data prefix uses expressions, and it must contain
 * `!{firehose:error-output-type}` (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html, retrieved 2026-09-29).
 */
export const DEFAULT_ERROR_OUTPUT_PREFIX = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/";
/**
 * Default prefix of source-record backups: literal, so Firehose appends its own `YYYY/MM/dd/HH/`
 * (awsdocs/amazon-kinesis-data-firehose-developer-guide, archived `doc_source/basic-deliver.md`).
 */
export const DEFAULT_BACKUP_PREFIX = "backup/";
/**
 * Default log retention: one year, finite. AWS Solutions Constructs keeps Firehose error logs forever
 * (awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/core/lib/cloudwatch-log-group-defaults.ts`),
 * and the fdmsantos/terraform-aws-kinesis-firehose module (v3.8.5, `variables.tf`) sets no retention.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
/** Slack added to twice the buffering interval for the default data-freshness threshold (S3 write + retries). */
export const DATA_FRESHNESS_SLACK_SECONDS = 300;

/** A `FirehoseToS3`'s props with every default applied. */
export interface FirehoseSettings extends FirehoseBuffering {
  /** Whether the delivery stream reads from a Kinesis data stream (else direct PUT). */
  readonly kinesisSource: boolean;
  /** Server-side encryption of the delivery stream (direct PUT only). */
  readonly serverSideEncryption: boolean;
  readonly prefix: string;
  readonly errorOutputPrefix: string;
  readonly logging: boolean;
  readonly logRetentionDays: number;
  /** Prefix of source-record backups; undefined without backup. */
  readonly backupPrefix?: string;
  readonly alarms: boolean;
  readonly dataFreshnessThresholdSeconds: number;
  /** Props of the bucket the delivery creates; undefined when `bucket` is given. */
  readonly bucketProps?: SecureBucketProps;
}

/**
 * The DataFreshness alarm's default threshold: twice the buffering interval plus `DATA_FRESHNESS_SLACK_SECONDS`, so
 * it fires only when delivery falls behind, never for data merely waiting out its buffer. For a buffering interval
 * that is a Terraform token the same sum is a Terraform expression (`2 * interval + 300`, computed at plan), never
 * the interval itself (an alarm at the interval would fire on every full buffer).
 */
export function defaultDataFreshnessThreshold(interval: number): number {
  return isToken(interval) ? Op.add(Op.mul(2, interval), DATA_FRESHNESS_SLACK_SECONDS) : 2 * interval + DATA_FRESHNESS_SLACK_SECONDS;
}

/**
 * `props` with `FirehoseToS3`'s defaults applied. `options.kinesisSource` says the delivery will read from a Kinesis
 * stream although `props.source` is not set yet (a composite checks its parts before creating the stream).
 */
export function resolveFirehoseSettings(props: FirehoseToS3Props, options: { readonly kinesisSource?: boolean } = {}): FirehoseSettings {
  const kinesisSource = props.source !== undefined || options.kinesisSource === true;
  const dynamicPartitioning = props.dynamicPartitioning !== undefined;
  const interval = props.bufferingIntervalSeconds ?? FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value;
  const backup = props.sourceRecordBackup;
  const alarmOptions = typeof props.alarms === "object" ? props.alarms : {};
  return {
    kinesisSource,
    serverSideEncryption: !kinesisSource && (props.serverSideEncryption ?? true),
    // 128 MiB with dynamic partitioning: the maximum, so each partition's objects are as few and large as possible.
    bufferingSizeMiB:
      props.bufferingSizeMiB ??
      (dynamicPartitioning ? FIREHOSE_LIMITS.bufferingSizeMaxMiB.value : FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value),
    bufferingIntervalSeconds: interval,
    compression: (props.compression ?? Compression.GZIP).value,
    dynamicPartitioning,
    // No default prefix with dynamic partitioning: only the user knows how the keys should be laid out.
    prefix: props.prefix ?? (dynamicPartitioning ? "" : DEFAULT_PREFIX),
    errorOutputPrefix: props.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX,
    logging: props.logging ?? true,
    logRetentionDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    backupPrefix:
      backup === true ? DEFAULT_BACKUP_PREFIX : typeof backup === "object" ? (backup.prefix ?? DEFAULT_BACKUP_PREFIX) : undefined,
    alarms: props.alarms !== false,
    dataFreshnessThresholdSeconds: alarmOptions.dataFreshnessThresholdSeconds ?? defaultDataFreshnessThreshold(interval),
    bucketProps: props.bucket === undefined ? createdBucketProps(props) : undefined,
  };
}

/** Props of the created bucket: the user's, a prefix named after the delivery stream, and the shared tags. */
function createdBucketProps(props: FirehoseToS3Props): SecureBucketProps {
  const name = props.deliveryStreamName;
  const tags = { ...props.tags, ...props.bucketProps?.tags };
  return {
    ...props.bucketProps,
    // The delivery's own removalPolicy reaches the bucket only when it is valid (an invalid one is reported once, as
    // removalPolicy, not again as bucketProps.removalPolicy).
    removalPolicy: props.bucketProps?.removalPolicy ?? (REMOVAL_POLICIES.includes(props.removalPolicy!) ? props.removalPolicy : undefined),
    bucketPrefix: props.bucketProps?.bucketPrefix ?? (isToken(name) || typeof name !== "string" ? undefined : deriveBucketPrefix(name)),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
  };
}

/**
 * The delivery's buffering and compression as the simulator's `FirehoseSpec` (for a stream's cost estimate). A field
 * is left out when it is a Terraform token or a value the delivery's validation rejects (reported there), so it never
 * makes a workload invalid. Compression's values are the API's `CompressionFormat` spellings, the simulator's too.
 */
export function firehoseSpecOf(settings: FirehoseSettings): FirehoseSpec {
  const invalid = new Set(checkFirehoseBuffering(settings).map((p) => p.property));
  const usable = (field: "bufferingSizeMiB" | "bufferingIntervalSeconds" | "compression"): boolean =>
    !invalid.has(field) && !isToken(settings[field]);
  return {
    ...(usable("bufferingSizeMiB") ? { bufferingSizeMiB: settings.bufferingSizeMiB } : {}),
    ...(usable("bufferingIntervalSeconds") ? { bufferingIntervalSeconds: settings.bufferingIntervalSeconds } : {}),
    ...(usable("compression") ? { compression: settings.compression as FirehoseCompression } : {}),
  };
}
