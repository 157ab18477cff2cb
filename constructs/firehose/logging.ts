/** The error logging of a `FirehoseToS3`: one log group, a log stream for the destination and one for the backup. */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import type { Construct } from "constructs";
import type { AwsEnvironment } from "../aws-environment";
import type { PolicyStatement } from "../iam/policy-document";
import { removalLifecycle, type RemovalPolicy } from "../removal-policy";

/**
 * Log stream Firehose reports destination delivery errors to (the name the fdmsantos/terraform-aws-kinesis-firehose
 * module uses, v3.8.5 `main.tf`).
 */
export const DESTINATION_LOG_STREAM_NAME = "DestinationDelivery";
/** Log stream Firehose reports backup delivery errors to. */
export const BACKUP_LOG_STREAM_NAME = "BackupDelivery";

/** `/aws/kinesisfirehose/<deliveryStreamName>`: the delivery stream's error log group. */
export function logGroupNameFor(deliveryStreamName: string): string {
  return `/aws/kinesisfirehose/${deliveryStreamName}`;
}

/**
 * The key-policy statement that lets CloudWatch Logs encrypt and decrypt one log group's events with a
 * customer-managed key, as AWS documents it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html,
 * checked 2026-12-03): the regional Logs service principal, the key actions, and the encryption-context condition
 * naming that log group's ARN, so the key serves no other log group.
 */
export function logGroupKeyStatement(env: AwsEnvironment, logGroupName: string): PolicyStatement {
  return {
    Sid: "AllowCloudWatchLogsForThisLogGroup",
    Effect: "Allow",
    Principal: { Service: `logs.${env.region}.${env.dnsSuffix}` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": env.arn("logs", `log-group:${logGroupName}`) } },
  };
}

/** What `createErrorLogging` creates. */
export interface ErrorLogging {
  /** The log group's name (a literal unless the delivery stream's name is a token). */
  readonly logGroupName: string;
  /** Names of the log streams, destination first. */
  readonly logStreamNames: readonly string[];
  /** Undefined when logging into an existing log group. */
  readonly logGroup?: CloudwatchLogGroup;
  readonly logStream: CloudwatchLogStream;
  /** Only with a source-record backup. */
  readonly backupLogStream?: CloudwatchLogStream;
}

/** Creates the log group and streams as children of `scope` (ids `LogGroup`, `DestinationLogStream`, `BackupLogStream`). */
export function createErrorLogging(
  scope: Construct,
  options: {
    readonly deliveryStreamName: string;
    /** An existing log group to create the streams in (then no log group is created). */
    readonly existingLogGroupName?: string;
    readonly retentionDays: number;
    readonly kmsKeyArn?: string;
    readonly backup: boolean;
    readonly removalPolicy?: RemovalPolicy;
    readonly tags?: Record<string, string>;
  },
): ErrorLogging {
  const logGroupName = options.existingLogGroupName ?? logGroupNameFor(options.deliveryStreamName);
  const logGroup =
    options.existingLogGroupName !== undefined
      ? undefined
      : new CloudwatchLogGroup(scope, "LogGroup", {
          name: logGroupName,
          retentionInDays: options.retentionDays,
          kmsKeyId: options.kmsKeyArn,
          tags: options.tags,
          lifecycle: removalLifecycle(options.removalPolicy),
        });
  // The created group by reference (Terraform orders the streams after it), an existing one by name.
  const streamGroup = logGroup?.name ?? logGroupName;
  const logStream = new CloudwatchLogStream(scope, "DestinationLogStream", {
    logGroupName: streamGroup,
    name: DESTINATION_LOG_STREAM_NAME,
  });
  const backupLogStream = options.backup
    ? new CloudwatchLogStream(scope, "BackupLogStream", { logGroupName: streamGroup, name: BACKUP_LOG_STREAM_NAME })
    : undefined;
  return {
    logGroupName,
    logStreamNames: [DESTINATION_LOG_STREAM_NAME, ...(backupLogStream ? [BACKUP_LOG_STREAM_NAME] : [])],
    ...(logGroup ? { logGroup } : {}),
    logStream,
    ...(backupLogStream ? { backupLogStream } : {}),
  };
}
