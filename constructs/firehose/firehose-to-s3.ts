import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Annotations, Fn } from "cdktf";
import { Construct } from "constructs";
import type { FirehoseResult } from "stream-simulator";
import { AwsEnvironment, knownRegion } from "../aws-environment";
import { SecureBucket } from "../bucket/secure-bucket";
import { policyDocument } from "../iam/policy-document";
import type { IDeliveryStream, IEncryptedStream, ISecureBucket } from "../interfaces";
import { deliveryMetric, type DeliveryMetricName, type MetricOptions, type MetricSpec } from "../metrics";
import { PipelineKey } from "../kms/pipeline-key";
import { claimPhysicalName, physicalNameProblems } from "../physical-names";
import {
  DELIVERY_STREAM_ATTRIBUTES_SHAPE,
  firehoseToS3PropsShape,
  validateDeliveryStreamAttributes,
  validateFirehoseToS3Props,
  type FirehoseValidationContext,
} from "../validation/firehose";
import { checkPropsShape, withShapeProblems } from "../validation/props-shape";
import { jq16Warnings } from "../validation/jq";
import { prefixWarnings } from "../validation/s3-prefix";
import { granteeRoleName, type Grantee } from "../validation/grantee";
import { checkFirehoseWorkload, type FirehoseWorkloadCheck, type FirehoseWorkloadContext } from "../validation/firehose-workload";
import { isToken, type Problem, throwIfProblems } from "../validation/problems";
import { FirehoseAlarms } from "./alarms";
import { createErrorLogging, logGroupKeyStatement, logGroupNameFor } from "./logging";
import { firehoseProcessors } from "./processors";
import type { DeliveryStreamAttributes, FirehoseToS3Props } from "./props";
import { createDeliveryRole, logStreamArnFor, putRecordsStatements } from "./role";
import { resolveFirehoseSettings, type FirehoseSettings } from "./settings";
import { addWorkloadOutputs } from "./workload-outputs";

/** Characters a KMS alias cannot hold but a delivery stream name can ('.'). */
const NOT_ALIAS_CHARACTERS = /[^a-zA-Z0-9/_-]/g;

/** The delivery stream's name as the end of a KMS alias (characters aliases do not allow become '-'). */
const aliasSuffix = (name: string): string => (isToken(name) ? name : name.replace(NOT_ALIAS_CHARACTERS, "-"));

/**
 * An Amazon Data Firehose delivery stream to S3 (`extended_s3` destination) with secure defaults: a customer-managed
 * SSE key for direct PUT, a hardened bucket, GZIP, dated prefixes with an error prefix, finite error logs, alarms,
 * and one role whose inline policies are least-privilege and partition-aware. Input is validated at synth time and
 * every problem reported at once, before any resource is created.
 *
 * What it adds to aws-cdk-lib's `DeliveryStream` and the fdmsantos module: a trust policy with confused-deputy
 * conditions; the six S3 actions and no delete; a Bucket-Key-safe KMS condition; `logs:PutLogEvents` on one log
 * stream; `kms:Decrypt` on the source stream's key; `grantPutRecords` with the KMS actions AWS now requires; explicit
 * `depends_on` on every role policy (cdktf's `node.addDependency` emits none, and an IAM policy attached seconds
 * earlier may not have propagated when Firehose validates the role:
 * https://github.com/hashicorp/terraform-provider-aws/issues/3380); alarms that carry their dimension; child ids
 * scoped inside the construct so instances never collide.
 */
export class FirehoseToS3 extends Construct implements IDeliveryStream {
  /**
   * An existing delivery stream, by name (in the stack's account and region) or ARN, for `grantPutRecords` to
   * producers. Creates nothing but grants. Throws `PipelineValidationError` for a bad name or ARN, both or neither
   * given, or a key ARN of another shape or region (tokens are not checked). A delivery stream that reads from a
   * Kinesis stream rejects PutRecord: grant write on that stream instead.
   */
  public static fromDeliveryStreamAttributes(scope: Construct, id: string, attributes: DeliveryStreamAttributes): IDeliveryStream {
    return new ImportedDeliveryStream(scope, id, attributes);
  }

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
  /** The key encrypting the error log group; undefined with `logging: false` or a `logEncryptionKeyArn`. */
  public readonly logKey?: PipelineKey;
  /** The error log group; undefined with `logging: false` or an existing `logGroupName`. */
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
    // JavaScript callers: a missing or wrongly typed prop is a problem, an unknown one a warning (never a TypeError).
    const shape = firehoseToS3PropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    const settings = resolveFirehoseSettings(props);
    const env = AwsEnvironment.of(this);
    const workloadCheck = checkFirehoseWorkload(props, { region: env.regionName });
    throwIfProblems(
      this.node.path,
      withShapeProblems(shape, [
        ...validateFirehoseToS3Props(props, { region: env.regionName }),
        ...(workloadCheck?.problems ?? []),
        ...physicalNameProblems(this, "Firehose delivery stream", "deliveryStreamName", props.deliveryStreamName),
      ]),
    );
    claimPhysicalName(this, "Firehose delivery stream", props.deliveryStreamName);
    for (const warning of [
      ...shape.warnings,
      ...prefixWarnings("prefix", settings.prefix),
      ...prefixWarnings("errorOutputPrefix", settings.errorOutputPrefix),
      ...jq16Warnings("dynamicPartitioning.jqQuery", props.dynamicPartitioning?.jqQuery),
    ]) {
      Annotations.of(this).addWarning(warning);
    }
    this.workloadEstimate = this.reportWorkload(workloadCheck);

    const name = props.deliveryStreamName;
    const tags = props.tags ? { ...props.tags } : undefined;
    this.source = props.source;
    this.deliveryStreamName = name;

    // Destination bucket, then the delivery stream's own key (direct PUT only).
    this.bucket = props.bucket ?? new SecureBucket(this, "Bucket", settings.bucketProps ?? {});
    if (settings.serverSideEncryption && props.encryptionKeyArn === undefined) {
      this.key = new PipelineKey(this, "Key", {
        aliasName: `alias/firehose/${aliasSuffix(name)}`,
        description: `Encrypts records buffered by Firehose delivery stream ${name}`,
        removalPolicy: props.removalPolicy,
        tags,
      });
    }
    this.encryptionKeyArn = settings.serverSideEncryption ? (props.encryptionKeyArn ?? this.key?.keyArn) : undefined;

    // Error logging, encrypted with a key of its own unless told otherwise (or into an existing log group).
    if (settings.logging && props.logEncryptionKeyArn === undefined && props.logGroupName === undefined) {
      this.logKey = new PipelineKey(this, "LogKey", {
        aliasName: `alias/firehose-logs/${aliasSuffix(name)}`,
        description: `Encrypts the error log group of Firehose delivery stream ${name}`,
        additionalStatements: [logGroupKeyStatement(env, logGroupNameFor(name))],
        removalPolicy: props.removalPolicy,
        tags,
      });
    }
    const logging = settings.logging
      ? createErrorLogging(this, {
          deliveryStreamName: name,
          existingLogGroupName: props.logGroupName,
          retentionDays: settings.logRetentionDays,
          kmsKeyArn: props.logEncryptionKeyArn === false ? undefined : (props.logEncryptionKeyArn ?? this.logKey?.keyArn),
          backup: settings.backupPrefix !== undefined,
          removalPolicy: props.removalPolicy,
          tags,
        })
      : undefined;
    this.logGroup = logging?.logGroup;
    this.logStream = logging?.logStream;
    this.backupLogStream = logging?.backupLogStream;

    // The role, one inline policy per concern.
    const { role, policies } = createDeliveryRole(this, env, {
      deliveryStreamName: name,
      bucket: this.bucket,
      logStreamArns: logging ? logging.logStreamNames.map((s) => logStreamArnFor(env, logging.logGroupName, s)) : [],
      transformLambdaArn: props.transformLambdaArn,
      encryptionKeyArn: this.encryptionKeyArn,
      source: props.source,
      tags,
    });
    this.role = role;
    this.rolePolicies = policies;

    this.deliveryStream = this.createDeliveryStream(props, settings, tags);
    this.deliveryStreamArn = this.deliveryStream.arn;

    // Alarms, as a child with the hidden id "Default": their Terraform addresses stay those of the construct itself.
    if (settings.alarms) {
      this.alarms = new FirehoseAlarms(this, "Default", {
        deliveryStreamName: name,
        dataFreshnessThresholdSeconds: settings.dataFreshnessThresholdSeconds,
        kinesisSource: props.source !== undefined,
        alarmActionArns: props.alarmActionArns,
        tags,
      });
    }
  }

  /**
   * Lets `role` (a role name, or a role object such as the provider's `IamRole`) put records into this delivery stream: PutRecord/PutRecordBatch on it and, when it is encrypted
   * with a customer-managed key, `kms:GenerateDataKey` + `kms:Decrypt` on that key (see `putRecordsStatements`).
   * Returns the policy so callers can depend on it.
   * @throws Error when the delivery stream reads from a Kinesis source: Firehose then rejects direct PUT.
   * @throws PipelineValidationError when `role` is an ARN, empty, or not a role name
   */
  public grantPutRecords(role: Grantee, id?: string): IamRolePolicy {
    if (this.source !== undefined) {
      throw new Error(
        `${this.node.path}: grantPutRecords: delivery stream ${this.deliveryStreamName} reads from a Kinesis data stream, ` +
          "so Firehose rejects PutRecord/PutRecordBatch; grant write on the source stream instead " +
          "(source.grantWrite(roleName))",
      );
    }
    return addPutRecordsGrant(this, id ?? putGrantId(++this.putGrantCount), role, this.deliveryStreamArn, this.encryptionKeyArn);
  }

  /** A CloudWatch metric of this delivery stream, dimensioned by `DeliveryStreamName` (for alarms and dashboards of your own). */
  public metric(metricName: DeliveryMetricName, options?: MetricOptions): MetricSpec {
    return deliveryMetric(this.deliveryStreamName, metricName, options);
  }
  /** `DeliveryToS3.DataFreshness` (Maximum): the age of the oldest record not yet in S3, in seconds. */
  public metricDataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.DataFreshness", options);
  }
  /** `DeliveryToS3.Success` (Average): the share of S3 puts that succeeded. */
  public metricDeliverySuccess(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Success", options);
  }
  /** `DeliveryToS3.Bytes` (Sum): bytes delivered to S3. */
  public metricDeliveryBytes(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Bytes", options);
  }

  /**
   * Every problem with `props` (empty when valid), without creating anything: lets a composite construct report its
   * children's problems together with its own before it builds any of them (`validateFirehoseToS3Props` and
   * `checkFirehoseWorkload`).
   */
  public static problemsOf(props: FirehoseToS3Props, options: FirehoseValidationContext & FirehoseWorkloadContext = {}): Problem[] {
    const shape = firehoseToS3PropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    return withShapeProblems(shape, [...validateFirehoseToS3Props(props, options), ...(checkFirehoseWorkload(props, options)?.problems ?? [])]);
  }

  /** Synth warnings and Terraform outputs of the workload check; returns its estimate. */
  private reportWorkload(check: FirehoseWorkloadCheck | undefined): FirehoseResult | undefined {
    if (check === undefined) return undefined;
    for (const warning of check.warnings) Annotations.of(this).addWarning(warning);
    if (check.estimate) addWorkloadOutputs(this, check.estimate);
    return check.estimate;
  }

  private createDeliveryStream(
    props: FirehoseToS3Props,
    settings: FirehoseSettings,
    tags: Record<string, string> | undefined,
  ): KinesisFirehoseDeliveryStream {
    const logGroupName = this.logGroup?.name ?? props.logGroupName;
    const logOptions = (stream?: CloudwatchLogStream) =>
      logGroupName !== undefined && stream ? { enabled: true, logGroupName, logStreamName: stream.name } : { enabled: false };
    const processors = firehoseProcessors(props);
    // Objects are encrypted with the bucket's key explicitly, so a later change of bucket default cannot silently
    // downgrade them (the bucket's Bucket Key setting still applies).
    const kmsKeyArn = this.bucket.encryptionKeyArn;
    const backup = settings.backupPrefix;
    return new KinesisFirehoseDeliveryStream(this, "Resource", {
      name: props.deliveryStreamName,
      destination: "extended_s3",
      kinesisSourceConfiguration: props.source ? { kinesisStreamArn: props.source.streamArn, roleArn: this.role.arn } : undefined,
      serverSideEncryption: this.encryptionKeyArn
        ? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.encryptionKeyArn }
        : undefined,
      extendedS3Configuration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: this.role.arn,
        bufferingSize: settings.bufferingSizeMiB,
        bufferingInterval: settings.bufferingIntervalSeconds,
        compressionFormat: settings.compression,
        prefix: settings.prefix,
        errorOutputPrefix: settings.errorOutputPrefix,
        fileExtension: props.fileExtension,
        customTimeZone: props.timeZone,
        kmsKeyArn,
        cloudwatchLoggingOptions: logOptions(this.logStream),
        dynamicPartitioningConfiguration: props.dynamicPartitioning
          ? { enabled: true, retryDuration: props.dynamicPartitioning.retryDurationSeconds }
          : undefined,
        processingConfiguration: processors.length > 0 ? { enabled: true, processors } : undefined,
        s3BackupMode: backup !== undefined ? "Enabled" : "Disabled",
        s3BackupConfiguration:
          backup !== undefined
            ? {
                bucketArn: this.bucket.bucketArn,
                roleArn: this.role.arn,
                prefix: backup,
                compressionFormat: settings.compression,
                kmsKeyArn,
                cloudwatchLoggingOptions: logOptions(this.backupLogStream),
              }
            : undefined,
      },
      tags,
      // Explicit depends_on (node.addDependency emits none in cdktf): Firehose validates the role on create.
      dependsOn: [...this.rolePolicies],
    });
  }
}

class ImportedDeliveryStream extends Construct implements IDeliveryStream {
  public readonly deliveryStreamName: string;
  public readonly deliveryStreamArn: string;
  public readonly encryptionKeyArn?: string;
  private grantCount = 0;

  public constructor(scope: Construct, id: string, attributes: DeliveryStreamAttributes) {
    super(scope, id);
    const shape = checkPropsShape(attributes, DELIVERY_STREAM_ATTRIBUTES_SHAPE, "DeliveryStreamAttributes");
    attributes = shape.props;
    throwIfProblems(this.node.path, withShapeProblems(shape, validateDeliveryStreamAttributes(attributes, { region: knownRegion(this) })));
    for (const warning of shape.warnings) Annotations.of(this).addWarning(warning);
    const env = AwsEnvironment.of(this);
    const arn = attributes.deliveryStreamArn;
    this.deliveryStreamName =
      attributes.deliveryStreamName ?? (isToken(arn) ? Fn.element(Fn.split("/", arn!), 1) : arn!.slice(arn!.indexOf(":deliverystream/") + ":deliverystream/".length));
    this.deliveryStreamArn = arn ?? env.arn("firehose", `deliverystream/${this.deliveryStreamName}`);
    this.encryptionKeyArn = attributes.encryptionKeyArn;
  }

  /** A CloudWatch metric of this delivery stream, dimensioned by `DeliveryStreamName`. */
  public metric(metricName: DeliveryMetricName, options?: MetricOptions): MetricSpec {
    return deliveryMetric(this.deliveryStreamName, metricName, options);
  }

  /** PutRecord/PutRecordBatch on the delivery stream, and the key use its server-side encryption needs (`putRecordsStatements`). */
  public grantPutRecords(role: Grantee, id?: string): IamRolePolicy {
    this.grantCount += 1;
    return addPutRecordsGrant(this, id ?? putGrantId(this.grantCount), role, this.deliveryStreamArn, this.encryptionKeyArn);
  }
}

/** Id of a delivery stream's n-th put grant: `GrantPutRecords`, then `GrantPutRecords2`, … */
const putGrantId = (n: number): string => `GrantPutRecords${n === 1 ? "" : n}`;

/**
 * The put grant of a created or imported delivery stream, as a child of it: `role` checked as every grant checks it,
 * then one inline policy with `putRecordsStatements`.
 */
function addPutRecordsGrant(scope: Construct, id: string, role: Grantee, deliveryStreamArn: string, encryptionKeyArn: string | undefined): IamRolePolicy {
  const { roleName, problems } = granteeRoleName(scope, "grantPutRecords(role)", role);
  throwIfProblems(scope.node.path, problems);
  return new IamRolePolicy(scope, id, {
    role: roleName,
    policy: policyDocument(putRecordsStatements(AwsEnvironment.of(scope), deliveryStreamArn, encryptionKeyArn)),
  });
}
