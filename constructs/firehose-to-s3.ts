import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  KinesisFirehoseDeliveryStream,
  type KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors,
} from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { FirehoseQuotaOverrides, FirehoseResult, Workload } from "stream-simulator";
import { FIREHOSE_LIMITS } from "stream-simulator";
import { AwsEnvironment } from "./aws-environment";
import { deriveBucketPrefix } from "./bucket-names";
import { Compression } from "./compression";
import {
  deliveryStreamArnFor,
  firehoseTrustPolicyStatements,
  lambdaTransformStatements,
  logDeliveryStatements,
  logStreamArnFor,
  putRecordsStatements,
  s3DeliveryStatements,
  sseKeyStatements,
} from "./firehose-role";
import { policyDocument, type PolicyStatement } from "./iam/policy-document";
import type { IEncryptedStream, ISecureBucket } from "./interfaces";
import { PipelineKey } from "./pipeline-key";
import { SecureBucket, type SecureBucketProps } from "./secure-bucket";
import { StreamAlarms } from "./stream-alarms";
import { validateFirehoseDelivery } from "./validation/firehose-delivery-rules";
import { checkFirehoseWorkload, type FirehoseWorkloadCheck } from "./validation/firehose-workload-rules";
import { isToken, type Problem, throwIfProblems } from "./validation/problems";
import { checkKmsKeyArn } from "./validation/rules";

/** Default data prefix: one folder per UTC day, readable by Athena partition projection. */
export const DEFAULT_PREFIX = "events/!{timestamp:yyyy/MM/dd}/";
/**
 * Default error prefix. AWS requires one as soon as the data prefix uses expressions, and it must contain
 * `!{firehose:error-output-type}` (prior-art.md §3.2 rules 14-15, §6 item 1).
 */
export const DEFAULT_ERROR_OUTPUT_PREFIX = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/";
/** Default prefix of source-record backups: literal, so Firehose appends its own `YYYY/MM/dd/HH/` (aws-facts.md §4.6). */
export const DEFAULT_BACKUP_PREFIX = "backup/";
/** Default log retention: one year, finite (SC keeps logs forever, fdmsantos never expires them; prior-art.md §7, §8). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
/** Log stream Firehose reports destination delivery errors to (the fdmsantos name; prior-art.md §2.2). */
export const DESTINATION_LOG_STREAM_NAME = "DestinationDelivery";
/** Log stream Firehose reports backup delivery errors to. */
export const BACKUP_LOG_STREAM_NAME = "BackupDelivery";
/** Slack added to twice the buffering interval for the default data-freshness threshold (S3 write + retries). */
export const DATA_FRESHNESS_SLACK_SECONDS = 300;
/** Metric period of every Firehose alarm; Firehose publishes its delivery metrics at 5-minute granularity or finer. */
const ALARM_PERIOD_SECONDS = 300;
/** The JQ engine Firehose's MetadataExtraction processor supports. */
const JQ_ENGINE = "JQ-1.6";
/** A JQ object key that needs no quoting. */
const JQ_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters a KMS alias cannot hold but a delivery stream name can ('.'). */
const NOT_ALIAS_CHARACTERS = /[^a-zA-Z0-9/_-]/g;
/** IAM `name_prefix` limit: 64-character role names minus Terraform's 26-character unique suffix. */
const ROLE_NAME_PREFIX_MAX = 38;
const ROLE_NAME_SUFFIX = "-firehose-";

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
   * concatenated JSON (aws-facts.md §4.6: records are concatenated with no separator otherwise).
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
   * `source` (AWS rejects it; prior-art.md §6 item 4). Turning it off is possible but leaves buffered records
   * encrypted only with an AWS-owned key that cannot be audited.
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
   * Partition delivered objects by keys extracted from each record. Cannot be added to an existing delivery
   * stream without replacing it (prior-art.md §6 item 2).
   * @default - no dynamic partitioning
   */
  readonly dynamicPartitioning?: DynamicPartitioningOptions;
  /**
   * ARN of a Lambda function transforming records before delivery. The role may invoke this function only.
   * @default - no transformation
   */
  readonly transformLambdaArn?: string;
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
   * KMS key ARN encrypting the error log group. Its key policy must allow `logs.<region>.amazonaws.com`.
   * @default - CloudWatch Logs' own server-side encryption
   */
  readonly logEncryptionKeyArn?: string;
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

/** The delivery alarms, each dimensioned by `DeliveryStreamName`. */
export interface FirehoseAlarms {
  /** `DeliveryToS3.DataFreshness` Maximum above the threshold: records are waiting too long to reach S3. */
  readonly dataFreshness: CloudwatchMetricAlarm;
  /** `DeliveryToS3.Success` Minimum below 1: some S3 puts failed. */
  readonly deliverySuccess: CloudwatchMetricAlarm;
  /** `ThrottledRecords` (direct PUT) or `ThrottledGetRecords` (Kinesis source) above 0. */
  readonly throttling: CloudwatchMetricAlarm;
}

/** Settings resolved from props, shared by validation and construction. */
interface Resolved {
  /** Whether the delivery stream reads from a Kinesis stream (else direct PUT). */
  readonly hasSource: boolean;
  readonly sseEnabled: boolean;
  readonly bufferingSizeMiB: number;
  readonly bufferingIntervalSeconds: number;
  readonly compression: string;
  readonly prefix: string;
  readonly errorOutputPrefix: string;
  readonly logging: boolean;
  readonly logRetentionDays: number;
  readonly backupPrefix?: string;
  readonly alarmsEnabled: boolean;
  readonly dataFreshnessThresholdSeconds: number;
}

/**
 * An Amazon Data Firehose delivery stream to S3 (`extended_s3` destination) with secure defaults: a customer-managed
 * SSE key for direct PUT, a hardened bucket, GZIP, dated prefixes with an error prefix, finite error logs, alarms,
 * and one role whose inline policies are least-privilege and partition-aware. Input is validated at synth time and
 * every problem reported at once, before any resource is created.
 *
 * Beats the anchors (prior-art.md §7): trust policy with confused-deputy conditions; the six S3 actions and no
 * delete; a Bucket-Key-safe KMS condition; `logs:PutLogEvents` on one log stream; `kms:Decrypt` on the source
 * stream's key; `grantPutRecords` with the KMS actions AWS now requires; explicit `depends_on` on every role policy
 * (cdktf's `node.addDependency` emits none; IAM propagation is the most common first-deploy failure, §6 item 5);
 * alarms that carry their dimension; child ids scoped inside the construct so instances never collide.
 */
export class FirehoseToS3 extends Construct {
  /** The `aws_kinesis_firehose_delivery_stream`. */
  public readonly deliveryStream: KinesisFirehoseDeliveryStream;
  /** The role Firehose assumes. */
  public readonly role: IamRole;
  /** Every inline policy of `role` (including the source stream's read grant); the delivery stream depends on all. */
  public readonly rolePolicies: readonly IamRolePolicy[];
  /** The destination bucket (given or created). */
  public readonly bucket: ISecureBucket;
  /** The SSE key created for a direct-PUT delivery stream; undefined with a source, `encryptionKeyArn` or SSE off. */
  public readonly key?: PipelineKey;
  /** The error log group; undefined with `logging: false`. */
  public readonly logGroup?: CloudwatchLogGroup;
  /** The destination error log stream; undefined with `logging: false`. */
  public readonly logStream?: CloudwatchLogStream;
  /** The backup error log stream; undefined without backup or logging. */
  public readonly backupLogStream?: CloudwatchLogStream;
  /** The delivery alarms; undefined with `alarms: false`. */
  public readonly alarms?: FirehoseAlarms;
  /** Name of the delivery stream. */
  public readonly deliveryStreamName: string;
  /** ARN of the delivery stream. */
  public readonly deliveryStreamArn: string;
  /** ARN of the key encrypting the delivery stream; undefined with a source or SSE off. */
  public readonly encryptionKeyArn?: string;
  /** The Kinesis source; undefined for direct PUT. */
  public readonly source?: IEncryptedStream;
  /**
   * The simulation of the declared `workload` with this delivery's settings (objects per hour, mean object size,
   * latency, direct-PUT quota use per dimension, active partitions, warnings); undefined without a workload or when
   * a setting is a Terraform token.
   */
  public readonly workloadEstimate?: FirehoseResult;
  private putGrantCount = 0;

  public constructor(scope: Construct, id: string, props: FirehoseToS3Props) {
    super(scope, id);
    const resolved = FirehoseToS3.resolve(props, props.source !== undefined);
    const env = AwsEnvironment.of(this);
    const workloadCheck = FirehoseToS3.checkWorkload(props, resolved, env.regionName);
    throwIfProblems(this.node.path, [...FirehoseToS3.validate(props, resolved), ...(workloadCheck?.problems ?? [])]);
    if (workloadCheck) {
      for (const warning of workloadCheck.warnings) Annotations.of(this).addWarning(warning);
      this.workloadEstimate = workloadCheck.estimate;
      if (workloadCheck.estimate) this.addWorkloadOutputs(workloadCheck.estimate);
    }

    const name = props.deliveryStreamName;
    const tags = props.tags ? { ...props.tags } : undefined;
    this.source = props.source;
    this.deliveryStreamName = name;

    // --- Destination bucket -------------------------------------------------------------------------------------
    this.bucket = props.bucket ?? new SecureBucket(this, "Bucket", FirehoseToS3.bucketProps(props));

    // --- Server-side encryption (direct PUT only) -----------------------------------------------------------------
    if (resolved.sseEnabled && props.encryptionKeyArn === undefined) {
      this.key = new PipelineKey(this, "Key", {
        aliasName: `alias/firehose/${isToken(name) ? name : name.replace(NOT_ALIAS_CHARACTERS, "-")}`,
        description: `Encrypts records buffered by Firehose delivery stream ${name}`,
        tags,
      });
    }
    this.encryptionKeyArn = resolved.sseEnabled ? (props.encryptionKeyArn ?? this.key?.keyArn) : undefined;

    // --- Error logging --------------------------------------------------------------------------------------------
    const logGroupName = `/aws/kinesisfirehose/${name}`;
    if (resolved.logging) {
      this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
        name: logGroupName,
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: props.logEncryptionKeyArn,
        tags,
      });
      this.logStream = new CloudwatchLogStream(this, "DestinationLogStream", {
        logGroupName: this.logGroup.name,
        name: DESTINATION_LOG_STREAM_NAME,
      });
      if (resolved.backupPrefix !== undefined) {
        this.backupLogStream = new CloudwatchLogStream(this, "BackupLogStream", {
          logGroupName: this.logGroup.name,
          name: BACKUP_LOG_STREAM_NAME,
        });
      }
    }

    // --- Role -----------------------------------------------------------------------------------------------------
    // The trust policy names the delivery stream by a built ARN: its `arn` attribute would be a cycle.
    const builtArn = deliveryStreamArnFor(env, name);
    this.role = new IamRole(this, "Role", {
      namePrefix: isToken(name) ? ROLE_NAME_SUFFIX.slice(1) : `${name.slice(0, ROLE_NAME_PREFIX_MAX - ROLE_NAME_SUFFIX.length)}${ROLE_NAME_SUFFIX}`,
      description: `Assumed by Firehose delivery stream ${name} to write to S3`,
      assumeRolePolicy: policyDocument(firehoseTrustPolicyStatements(env, builtArn)),
      tags,
    });
    const policies: IamRolePolicy[] = [];
    const addPolicy = (policyId: string, policyName: string, statements: PolicyStatement[]): void => {
      policies.push(new IamRolePolicy(this, policyId, { role: this.role.name, name: policyName, policy: policyDocument(statements) }));
    };
    addPolicy("S3DeliveryPolicy", "s3-delivery", s3DeliveryStatements(env, { bucketArn: this.bucket.bucketArn, bucketKeyArn: this.bucket.encryptionKeyArn }));
    if (resolved.logging) {
      const streams = [DESTINATION_LOG_STREAM_NAME, ...(this.backupLogStream ? [BACKUP_LOG_STREAM_NAME] : [])];
      addPolicy("ErrorLoggingPolicy", "error-logging", logDeliveryStatements(streams.map((s) => logStreamArnFor(env, logGroupName, s))));
    }
    if (props.transformLambdaArn !== undefined) {
      addPolicy("TransformLambdaPolicy", "transform-lambda", lambdaTransformStatements(props.transformLambdaArn));
    }
    if (this.encryptionKeyArn !== undefined) {
      addPolicy("EncryptionKeyPolicy", "sse-key", sseKeyStatements(env, this.encryptionKeyArn));
    }
    if (props.source) {
      // The stream's own grant: its read actions plus kms:Decrypt on its key, conditioned on the stream's context.
      // Firehose reads with GetRecords (a shared-throughput consumer): no enhanced fan-out actions.
      policies.push(
        props.source.grantRead(this.role.name, isToken(name) ? undefined : `FirehoseRead-${name}`, { enhancedFanOut: false }),
      );
    }
    this.rolePolicies = policies;

    // --- Delivery stream ------------------------------------------------------------------------------------------
    const logOptions = (stream?: CloudwatchLogStream) =>
      this.logGroup && stream
        ? { enabled: true, logGroupName: this.logGroup.name, logStreamName: stream.name }
        : { enabled: false };
    const processors = FirehoseToS3.processors(props);
    const kmsKeyArn = this.bucket.encryptionKeyArn;

    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, "Resource", {
      name,
      destination: "extended_s3",
      kinesisSourceConfiguration: props.source
        ? { kinesisStreamArn: props.source.streamArn, roleArn: this.role.arn }
        : undefined,
      serverSideEncryption: this.encryptionKeyArn
        ? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.encryptionKeyArn }
        : undefined,
      extendedS3Configuration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: this.role.arn,
        bufferingSize: resolved.bufferingSizeMiB,
        bufferingInterval: resolved.bufferingIntervalSeconds,
        compressionFormat: resolved.compression,
        prefix: resolved.prefix,
        errorOutputPrefix: resolved.errorOutputPrefix,
        fileExtension: props.fileExtension,
        // Objects are encrypted with the bucket's key explicitly, so a later change of bucket default cannot
        // silently downgrade them (the bucket's Bucket Key setting still applies).
        kmsKeyArn,
        cloudwatchLoggingOptions: logOptions(this.logStream),
        dynamicPartitioningConfiguration: props.dynamicPartitioning
          ? { enabled: true, retryDuration: props.dynamicPartitioning.retryDurationSeconds }
          : undefined,
        processingConfiguration: processors.length > 0 ? { enabled: true, processors } : undefined,
        s3BackupMode: resolved.backupPrefix !== undefined ? "Enabled" : "Disabled",
        s3BackupConfiguration:
          resolved.backupPrefix !== undefined
            ? {
                bucketArn: this.bucket.bucketArn,
                roleArn: this.role.arn,
                prefix: resolved.backupPrefix,
                compressionFormat: resolved.compression,
                kmsKeyArn,
                cloudwatchLoggingOptions: logOptions(this.backupLogStream),
              }
            : undefined,
      },
      tags,
      // Explicit depends_on (node.addDependency emits none in cdktf): Firehose validates the role on create, and a
      // policy attached seconds earlier may not have propagated (prior-art.md §6 item 5; cdktf-practices.md).
      dependsOn: [...policies],
    });
    this.deliveryStreamArn = this.deliveryStream.arn;

    // --- Alarms ---------------------------------------------------------------------------------------------------
    if (resolved.alarmsEnabled) {
      this.alarms = this.createAlarms(name, resolved.dataFreshnessThresholdSeconds, props, tags);
    }
  }

  /**
   * Lets `roleName` put records into this delivery stream: PutRecord/PutRecordBatch on it and, when it is encrypted
   * with a customer-managed key, `kms:GenerateDataKey` + `kms:Decrypt` on that key (required for such streams from
   * 2026-04-20; prior-art.md §6 item 3). Returns the policy so callers can depend on it.
   * @throws Error when the delivery stream reads from a Kinesis source: Firehose then rejects direct PUT.
   */
  public grantPutRecords(roleName: string, id?: string): IamRolePolicy {
    if (this.source !== undefined) {
      throw new Error(
        `${this.node.path}: grantPutRecords: delivery stream ${this.deliveryStreamName} reads from a Kinesis data stream, ` +
          "so Firehose rejects PutRecord/PutRecordBatch (aws-facts.md §4.5); grant write on the source stream instead " +
          "(source.grantWrite(roleName))",
      );
    }
    const env = AwsEnvironment.of(this);
    return new IamRolePolicy(this, id ?? `GrantPutRecords${this.putGrantCount++ === 0 ? "" : this.putGrantCount}`, {
      role: roleName,
      policy: policyDocument(putRecordsStatements(env, this.deliveryStreamArn, this.encryptionKeyArn)),
    });
  }

  /** Props of the created bucket: the user's, a prefix named after the delivery stream, and the shared tags. */
  private static bucketProps(props: FirehoseToS3Props): SecureBucketProps {
    const name = props.deliveryStreamName;
    const tags = { ...props.tags, ...props.bucketProps?.tags };
    return {
      ...props.bucketProps,
      bucketPrefix: props.bucketProps?.bucketPrefix ?? (isToken(name) || typeof name !== "string" ? undefined : deriveBucketPrefix(name)),
      tags: Object.keys(tags).length > 0 ? tags : undefined,
    };
  }

  /** Defaults applied to props; the values validation checks and resources use. */
  private static resolve(props: FirehoseToS3Props, hasSource: boolean): Resolved {
    const dp = props.dynamicPartitioning !== undefined;
    const interval = props.bufferingIntervalSeconds ?? FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value;
    const backup = props.sourceRecordBackup;
    const alarmOptions = typeof props.alarms === "object" ? props.alarms : {};
    return {
      hasSource,
      sseEnabled: !hasSource && (props.serverSideEncryption ?? true),
      // 128 MiB with dynamic partitioning: the maximum, so each partition's objects are as few and large as possible.
      bufferingSizeMiB:
        props.bufferingSizeMiB ??
        (dp ? FIREHOSE_LIMITS.bufferingSizeMaxMiB.value : FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value),
      bufferingIntervalSeconds: interval,
      compression: (props.compression ?? Compression.GZIP).value,
      // No default prefix with dynamic partitioning: only the user knows how the keys should be laid out.
      prefix: props.prefix ?? (dp ? "" : DEFAULT_PREFIX),
      errorOutputPrefix: props.errorOutputPrefix ?? DEFAULT_ERROR_OUTPUT_PREFIX,
      logging: props.logging ?? true,
      logRetentionDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      backupPrefix:
        backup === true ? DEFAULT_BACKUP_PREFIX : typeof backup === "object" ? (backup.prefix ?? DEFAULT_BACKUP_PREFIX) : undefined,
      alarmsEnabled: props.alarms !== false,
      dataFreshnessThresholdSeconds:
        alarmOptions.dataFreshnessThresholdSeconds ?? (isToken(interval) ? interval : 2 * interval + DATA_FRESHNESS_SLACK_SECONDS),
    };
  }

  /**
   * Every problem with `props` (empty when valid), without creating anything: lets a composite construct report its
   * children's problems together with its own before it builds any of them.
   */
  public static problemsOf(
    props: FirehoseToS3Props,
    options: {
      readonly kinesisSource?: boolean;
      /** The stack's region when known at synth (`AwsEnvironment.of(scope).regionName`), for the `workload` check. */
      readonly region?: string;
    } = {},
  ): Problem[] {
    // The rules depend only on whether there is a source, so a composite can check before its stream exists.
    const hasSource = props.source !== undefined || options.kinesisSource === true;
    const resolved = FirehoseToS3.resolve(props, hasSource);
    return [...FirehoseToS3.validate(props, resolved), ...(FirehoseToS3.checkWorkload(props, resolved, options.region)?.problems ?? [])];
  }

  /** The declared workload simulated with this delivery's settings; undefined without a workload. */
  private static checkWorkload(props: FirehoseToS3Props, resolved: Resolved, stackRegion: string | undefined): FirehoseWorkloadCheck | undefined {
    if (props.workload === undefined) return undefined;
    return checkFirehoseWorkload({
      workload: props.workload,
      source: resolved.hasSource ? "kinesis" : "direct-put",
      bufferingSizeMiB: resolved.bufferingSizeMiB,
      bufferingIntervalSeconds: resolved.bufferingIntervalSeconds,
      compression: resolved.compression,
      dynamicPartitioning: props.dynamicPartitioning
        ? { expectedActivePartitions: props.dynamicPartitioning.expectedActivePartitions }
        : undefined,
      stackRegion,
      dataFreshnessThresholdSeconds: resolved.alarmsEnabled ? resolved.dataFreshnessThresholdSeconds : undefined,
      quotas: props.quotas,
    });
  }

  /** Terraform outputs a reviewer sees in the plan: the workload's figures for this delivery's settings. */
  private addWorkloadOutputs(estimate: FirehoseResult): void {
    const round = (value: number, digits: number): number => Number(value.toFixed(digits));
    const output = (id: string, value: number, description: string): void => {
      new TerraformOutput(this, id, { value, description: `${this.node.path}: ${description}` });
    };
    output("WorkloadObjectsPerHour", round(estimate.objectsPerHour, 1), "S3 objects per hour under the declared workload (simulated)");
    output("WorkloadMeanObjectMiB", round(estimate.meanObjectBytes / 1024 ** 2, 3), "mean S3 object size in MiB, after compression (simulated)");
    output("WorkloadLatencyMeanSeconds", round(estimate.deliveryLatencySeconds.mean, 1), "mean buffering latency per record in seconds (simulated)");
    output("WorkloadLatencyMaxSeconds", round(estimate.deliveryLatencySeconds.max, 1), "maximum buffering latency in seconds (simulated)");
    const q = estimate.directPutQuota;
    if (q !== null) {
      output("WorkloadDirectPutRecordsUtilization", round(q.recordsPerSecond.utilization, 4), `peak direct-PUT records/s as a fraction of the ${q.region} quota`);
      output("WorkloadDirectPutRequestsUtilization", round(q.requestsPerSecond.utilization, 4), `peak direct-PUT requests/s as a fraction of the ${q.region} quota`);
      output("WorkloadDirectPutBytesUtilization", round(q.bytesPerSecond.utilization, 4), `peak direct-PUT bytes/s as a fraction of the ${q.region} quota`);
    }
    const active = estimate.activePartitions;
    if (active !== null) {
      output("WorkloadActivePartitionsUtilization", round(active.count / active.quota, 4), "expected active partitions as a fraction of the quota");
    }
  }

  /** Every problem with `props` (empty when valid); the Firehose rules live in `validateFirehoseDelivery`. */
  private static validate(props: FirehoseToS3Props, resolved: Resolved): Problem[] {
    const dp = props.dynamicPartitioning;
    const problems: Problem[] = validateFirehoseDelivery({
      deliveryStreamName: props.deliveryStreamName,
      hasKinesisSource: resolved.hasSource,
      serverSideEncryptionRequested: props.serverSideEncryption === true || props.encryptionKeyArn !== undefined,
      encryptionKeyArn: props.encryptionKeyArn,
      bufferingSizeMiB: resolved.bufferingSizeMiB,
      bufferingIntervalSeconds: resolved.bufferingIntervalSeconds,
      compression: resolved.compression,
      prefix: resolved.prefix,
      errorOutputPrefix: resolved.errorOutputPrefix,
      fileExtension: props.fileExtension,
      dynamicPartitioning: dp
        ? {
            jqKeys: Object.keys(dp.jqQuery ?? {}),
            hasLambdaProcessor: props.transformLambdaArn !== undefined,
            retryDurationSeconds: dp.retryDurationSeconds,
          }
        : undefined,
      logging: resolved.logging,
      logRetentionDays: props.logRetentionDays,
      transformLambdaArn: props.transformLambdaArn,
    });

    if (props.bucket === undefined) {
      // The created bucket's own rules, named as the user wrote them (bucketProps.<property>).
      problems.push(...SecureBucket.validate(FirehoseToS3.bucketProps(props), "bucketProps."));
    }
    if (props.bucket !== undefined && props.bucketProps !== undefined) {
      problems.push({
        property: "bucketProps",
        value: props.bucketProps,
        allowed: "either bucket (an existing bucket) or bucketProps (to configure the created one), not both",
      });
    }
    // Only meaningful for direct PUT; with a source validateFirehoseDelivery already refuses the key.
    if (!resolved.hasSource) problems.push(...checkKmsKeyArn("encryptionKeyArn", props.encryptionKeyArn));
    problems.push(...checkKmsKeyArn("logEncryptionKeyArn", props.logEncryptionKeyArn));
    if (!resolved.hasSource && props.serverSideEncryption === false && props.encryptionKeyArn !== undefined) {
      problems.push({
        property: "encryptionKeyArn",
        value: props.encryptionKeyArn,
        allowed: "only with server-side encryption on; remove encryptionKeyArn or serverSideEncryption: false",
      });
    }
    if (dp !== undefined) {
      for (const [key, expression] of Object.entries(dp.jqQuery ?? {})) {
        if (typeof expression !== "string" || (!isToken(expression) && expression.trim().length === 0)) {
          problems.push({
            property: `dynamicPartitioning.jqQuery.${key}`,
            value: expression,
            allowed: 'a non-empty JQ 1.6 expression, e.g. ".customer_id"',
          });
        }
      }
    }
    if (resolved.backupPrefix !== undefined && !isToken(resolved.backupPrefix)) {
      const max = FIREHOSE_LIMITS.s3PrefixMaxLength.value;
      const value = resolved.backupPrefix;
      if (value.length === 0 || value.length > max || value.includes("!{")) {
        problems.push({
          property: "sourceRecordBackup.prefix",
          value,
          allowed: `literal text of 1 to ${max} characters without !{...} expressions (Firehose appends YYYY/MM/dd/HH/ itself)`,
        });
      }
    }
    if (props.logEncryptionKeyArn !== undefined && !resolved.logging) {
      problems.push({ property: "logEncryptionKeyArn", value: props.logEncryptionKeyArn, allowed: "only with logging enabled" });
    }
    if (resolved.alarmsEnabled) {
      const threshold = resolved.dataFreshnessThresholdSeconds;
      const interval = resolved.bufferingIntervalSeconds;
      if (!isToken(threshold) && (!Number.isInteger(threshold) || (!isToken(interval) && threshold <= interval))) {
        problems.push({
          property: "alarms.dataFreshnessThresholdSeconds",
          value: threshold,
          allowed: `an integer number of seconds greater than bufferingIntervalSeconds (${interval}), which records legitimately wait`,
        });
      }
      // Same SNS-ARN and count rules as the stream alarms, written once there.
      problems.push(...StreamAlarms.validate({ alarmActionArns: props.alarmActionArns }));
    } else if (props.alarmActionArns !== undefined) {
      problems.push({ property: "alarmActionArns", value: props.alarmActionArns, allowed: "only with alarms enabled" });
    }
    return problems;
  }

  /** Lambda transform, JQ metadata extraction and newline delimiter processors, in the order Firehose runs them. */
  private static processors(props: FirehoseToS3Props): KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors[] {
    const processors: KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors[] = [];
    if (props.transformLambdaArn !== undefined) {
      processors.push({ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: props.transformLambdaArn }] });
    }
    const dp = props.dynamicPartitioning;
    if (dp !== undefined) {
      const entries = Object.entries(dp.jqQuery ?? {});
      if (entries.length > 0) {
        processors.push({
          type: "MetadataExtraction",
          parameters: [
            { parameterName: "MetadataExtractionQuery", parameterValue: jqObject(dp.jqQuery) },
            { parameterName: "JsonParsingEngine", parameterValue: JQ_ENGINE },
          ],
        });
      }
      if (dp.appendNewlineDelimiter ?? true) {
        processors.push({ type: "AppendDelimiterToRecord" });
      }
    }
    return processors;
  }

  private createAlarms(
    name: string,
    dataFreshnessThresholdSeconds: number,
    props: FirehoseToS3Props,
    tags: Record<string, string> | undefined,
  ): FirehoseAlarms {
    const actions = props.alarmActionArns ? [...props.alarmActionArns] : undefined;
    const common = {
      namespace: "AWS/Firehose",
      dimensions: { DeliveryStreamName: name },
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      // An idle delivery stream publishes none of these metrics, which is healthy; a stuck one keeps publishing
      // DataFreshness (growing) and failed Success datapoints, so missing data can safely be "not breaching".
      treatMissingData: "notBreaching",
      alarmActions: actions,
      okActions: actions,
      tags,
    };
    const throttleMetric = props.source ? "ThrottledGetRecords" : "ThrottledRecords";
    return {
      dataFreshness: new CloudwatchMetricAlarm(this, "DataFreshnessAlarm", {
        ...common,
        alarmName: `${name}-firehose-data-freshness`,
        alarmDescription:
          `Records in Firehose delivery stream ${name} are older than ${dataFreshnessThresholdSeconds} s before reaching S3 ` +
          "(delivery failing or falling behind).",
        metricName: "DeliveryToS3.DataFreshness",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: dataFreshnessThresholdSeconds,
      }),
      deliverySuccess: new CloudwatchMetricAlarm(this, "DeliverySuccessAlarm", {
        ...common,
        alarmName: `${name}-firehose-delivery-success`,
        alarmDescription: `Some S3 puts of Firehose delivery stream ${name} failed (check the error log and the error prefix).`,
        metricName: "DeliveryToS3.Success",
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
      }),
      throttling: new CloudwatchMetricAlarm(this, "ThrottlingAlarm", {
        ...common,
        alarmName: `${name}-firehose-throttled`,
        alarmDescription: props.source
          ? `Firehose delivery stream ${name} is throttled reading its source stream (shared read limits exceeded).`
          : `Producers to Firehose delivery stream ${name} are throttled (direct-PUT quota exceeded).`,
        metricName: throttleMetric,
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      }),
    };
  }
}

/**
 * `{customer_id:(.customer.id),"event-type":(.type)}`: the JQ object Firehose's MetadataExtraction processor runs,
 * built from the partition-key map. Keys that are not JQ identifiers are quoted; each expression is parenthesised
 * because a bare object value may not contain ',' or operators (`{year: .ts | strftime("%Y")}` parses, `.a + 1`
 * does not).
 */
export function jqObject(query: Readonly<Record<string, string>>): string {
  const fields = Object.entries(query).map(([key, expression]) => `${JQ_IDENTIFIER.test(key) ? key : JSON.stringify(key)}:(${expression})`);
  return `{${fields.join(",")}}`;
}

