/**
 * The IAM documents of a Firehose delivery role, as pure functions of ARNs so each least-privilege choice can be
 * read (and tested) on its own. `FirehoseToS3` turns them into one `aws_iam_role` and one `aws_iam_role_policy` per
 * concern (`createDeliveryRole`). Compared with what AWS Solutions Constructs (SC: awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/aws-kinesisfirehose-s3/lib/index.ts`),
 * aws-cdk-lib (aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesisfirehose/lib/{delivery-stream,s3-bucket}.ts` (aws-cdk-lib 2.276.0)) and the fdmsantos module (FD: fdmsantos/terraform-aws-kinesis-firehose v3.8.5, `iam.tf`) grant.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import type { AwsEnvironment } from "../aws-environment";
import { FIREHOSE_PUT_ACTIONS, FIREHOSE_PUT_KMS_ACTIONS, FIREHOSE_S3_ACTIONS, policyDocument, type PolicyStatement } from "../iam/policy-document";
import type { IEncryptedStream, ISecureBucket } from "../interfaces";
import { isToken } from "../validation/problems";

/** Actions Firehose needs on a transform Lambda (as FD grants). */
export const FIREHOSE_LAMBDA_ACTIONS = ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"] as const;
/** Actions Firehose needs to use a customer-managed key for S3 objects (FD's s3_kms policy). */
export const FIREHOSE_S3_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;
/** Actions Firehose needs on the log stream it reports delivery errors to (as SC and FD grant). */
export const FIREHOSE_LOGS_ACTIONS = ["logs:PutLogEvents"] as const;

/**
 * The ARN of delivery stream `deliveryStreamName`, built from its name rather than read from the resource: the
 * role's trust policy needs it before the delivery stream exists (the resource's `arn` would be a dependency cycle).
 */
export function deliveryStreamArnFor(env: AwsEnvironment, deliveryStreamName: string): string {
  return env.arn("firehose", `deliverystream/${deliveryStreamName}`);
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<group>:log-stream:<stream>`, the only resource PutLogEvents needs. */
export function logStreamArnFor(env: AwsEnvironment, logGroupName: string, logStreamName: string): string {
  return env.arn("logs", `log-group:${logGroupName}:log-stream:${logStreamName}`);
}

/**
 * Trust policy letting Firehose assume the role, only on behalf of this account's delivery stream of this name.
 * The `aws:SourceAccount` / `aws:SourceArn` conditions close the confused-deputy gap none of the anchors closes
 * (SC and aws-cdk-lib add no condition, FD only `sts:ExternalId`):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html — plus `sts:ExternalId` = the account, the
 * condition in AWS's own Firehose trust-policy example (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
 */
export function firehoseTrustPolicyStatements(env: AwsEnvironment, deliveryStreamArn: string): PolicyStatement[] {
  return [
    {
      Sid: "FirehoseAssumeRoleForThisDeliveryStreamOnly",
      Effect: "Allow",
      Principal: { Service: "firehose.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: {
          "sts:ExternalId": env.accountId,
          "aws:SourceAccount": env.accountId,
          "aws:SourceArn": deliveryStreamArn,
        },
      },
    },
  ];
}

/** Where Firehose writes: the destination bucket and, when it has one, the bucket's KMS key. */
export interface S3DeliveryTarget {
  /** Destination bucket ARN. */
  readonly bucketArn: string;
  /** KMS key the bucket encrypts objects with; undefined for SSE-S3 buckets. */
  readonly bucketKeyArn?: string;
}

/**
 * S3 statements: exactly AWS's six documented actions on the bucket and its objects — no delete, unlike
 * aws-cdk-lib's `grantReadWrite`. With a bucket key: `kms:GenerateDataKey` and
 * `kms:Decrypt`, usable only through S3 in this region (`kms:ViaService`) and only for this bucket
 * (`kms:EncryptionContext:aws:s3:arn`). The context lists both the bucket ARN and `bucket/*`: with S3 Bucket Keys
 * S3 asks KMS with the *bucket* ARN as context, so the fdmsantos condition (`bucket/*` only) denies delivery
 * (https://github.com/fdmsantos/terraform-aws-kinesis-firehose/issues/26).
 */
export function s3DeliveryStatements(env: AwsEnvironment, target: S3DeliveryTarget): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteDeliveredObjects",
      Effect: "Allow",
      Action: [...FIREHOSE_S3_ACTIONS],
      Resource: [target.bucketArn, `${target.bucketArn}/*`],
    },
  ];
  if (target.bucketKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptDeliveredObjectsThroughS3",
      Effect: "Allow",
      Action: [...FIREHOSE_S3_KMS_ACTIONS],
      Resource: target.bucketKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": env.viaService("s3") },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [target.bucketArn, `${target.bucketArn}/*`] },
      },
    });
  }
  return statements;
}

/** `logs:PutLogEvents` on the named log streams only (SC scopes to one stream too; aws-cdk-lib uses the whole group). */
export function logDeliveryStatements(logStreamArns: readonly string[]): PolicyStatement[] {
  return [{ Sid: "ReportDeliveryErrors", Effect: "Allow", Action: [...FIREHOSE_LOGS_ACTIONS], Resource: [...logStreamArns] }];
}

/** Invoke and inspect the one transform function, nothing else. */
export function lambdaTransformStatements(functionArn: string): PolicyStatement[] {
  // An unqualified ARN also covers invocations of that function's versions and aliases (`<arn>:<qualifier>`), as
  // aws-cdk-lib's grantInvoke does; a qualified ARN (…:function:name:alias) is granted exactly.
  const unqualified = !isToken(functionArn) && /:function:[^:]+$/.test(functionArn);
  return [
    {
      Sid: "InvokeTransformFunction",
      Effect: "Allow",
      Action: [...FIREHOSE_LAMBDA_ACTIONS],
      Resource: unqualified ? [functionArn, `${functionArn}:*`] : functionArn,
    },
  ];
}

/**
 * The delivery stream's own server-side-encryption key: Firehose encrypts buffered records with data keys from it
 * (`kms:GenerateDataKey`) and decrypts them before delivery (`kms:Decrypt`). Two actions, one key — narrower than
 * aws-cdk-lib's encrypt/decrypt grant or FD's five actions.
 */
export function sseKeyStatements(env: AwsEnvironment, keyArn: string): PolicyStatement[] {
  return [
    {
      Sid: "UseDeliveryStreamKey",
      Effect: "Allow",
      Action: [...FIREHOSE_PUT_KMS_ACTIONS],
      Resource: keyArn,
      // Only through Firehose: the role cannot use the key for anything else.
      Condition: { StringEquals: { "kms:ViaService": env.viaService("firehose") } },
    },
  ];
}

/**
 * What a direct-PUT producer needs: PutRecord/PutRecordBatch on this delivery stream and, when it is encrypted
 * with a customer-managed key, `kms:GenerateDataKey` + `kms:Decrypt` on that key — required for such streams created
 * from 2026-04-20 (existing ones by 2027-02-28; reported in https://github.com/ministryofjustice/modernisation-platform/issues/12960,
 * no AWS page retrieved), and missing from both aws-cdk-lib's `grantPutRecords` and FD's application role. The
 * KMS statement is limited to calls Firehose makes on
 * the producer's behalf (`kms:ViaService` = firehose.<region>.<dnsSuffix>); that Firehose forwards the caller's
 * session this way is inferred from the requirement, not confirmed by a retrieved AWS document.
 */
export function putRecordsStatements(env: AwsEnvironment, deliveryStreamArn: string, sseKeyArn?: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: "PutRecords", Effect: "Allow", Action: [...FIREHOSE_PUT_ACTIONS], Resource: deliveryStreamArn },
  ];
  if (sseKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptRecordsWithDeliveryStreamKey",
      Effect: "Allow",
      Action: [...FIREHOSE_PUT_KMS_ACTIONS],
      Resource: sseKeyArn,
      Condition: { StringEquals: { "kms:ViaService": env.viaService("firehose") } },
    });
  }
  return statements;
}

/** What the delivery role must reach. */
export interface DeliveryRoleTargets {
  readonly deliveryStreamName: string;
  readonly bucket: ISecureBucket;
  /** Log streams of the error log group; empty without logging. */
  readonly logStreamArns: readonly string[];
  readonly transformLambdaArn?: string;
  /** The delivery stream's own SSE key. */
  readonly encryptionKeyArn?: string;
  /** The Kinesis source, read through its own grant (`grantRead`). */
  readonly source?: IEncryptedStream;
  readonly tags?: Record<string, string>;
}

/** What `createDeliveryRole` creates. */
export interface DeliveryRole {
  readonly role: IamRole;
  /** One inline policy per concern, the source stream's read grant included. */
  readonly policies: readonly IamRolePolicy[];
}

/** IAM `name_prefix` limit: 64-character role names minus Terraform's 26-character unique suffix. */
const ROLE_NAME_PREFIX_MAX = 38;
const ROLE_NAME_SUFFIX = "-firehose-";

/**
 * The role Firehose assumes, as children of `scope` (ids `Role`, `S3DeliveryPolicy`, `ErrorLoggingPolicy`,
 * `TransformLambdaPolicy`, `EncryptionKeyPolicy`, and the source's `FirehoseRead-<name>` grant).
 */
export function createDeliveryRole(scope: Construct, env: AwsEnvironment, targets: DeliveryRoleTargets): DeliveryRole {
  const name = targets.deliveryStreamName;
  // The trust policy names the delivery stream by a built ARN: its `arn` attribute would be a cycle.
  const role = new IamRole(scope, "Role", {
    namePrefix: isToken(name) ? ROLE_NAME_SUFFIX.slice(1) : `${name.slice(0, ROLE_NAME_PREFIX_MAX - ROLE_NAME_SUFFIX.length)}${ROLE_NAME_SUFFIX}`,
    description: `Assumed by Firehose delivery stream ${name} to write to S3`,
    assumeRolePolicy: policyDocument(firehoseTrustPolicyStatements(env, deliveryStreamArnFor(env, name))),
    tags: targets.tags,
  });
  const policies: IamRolePolicy[] = [];
  const addPolicy = (policyId: string, policyName: string, statements: PolicyStatement[]): void => {
    policies.push(new IamRolePolicy(scope, policyId, { role: role.name, name: policyName, policy: policyDocument(statements) }));
  };
  addPolicy("S3DeliveryPolicy", "s3-delivery", s3DeliveryStatements(env, { bucketArn: targets.bucket.bucketArn, bucketKeyArn: targets.bucket.encryptionKeyArn }));
  if (targets.logStreamArns.length > 0) addPolicy("ErrorLoggingPolicy", "error-logging", logDeliveryStatements(targets.logStreamArns));
  if (targets.transformLambdaArn !== undefined) {
    addPolicy("TransformLambdaPolicy", "transform-lambda", lambdaTransformStatements(targets.transformLambdaArn));
  }
  if (targets.encryptionKeyArn !== undefined) addPolicy("EncryptionKeyPolicy", "sse-key", sseKeyStatements(env, targets.encryptionKeyArn));
  if (targets.source) {
    // The stream's own grant: its read actions plus kms:Decrypt on its key, conditioned on the stream's context.
    // Firehose reads with GetRecords (a shared-throughput consumer): no enhanced fan-out actions.
    policies.push(targets.source.grantRead(role.name, isToken(name) ? undefined : `FirehoseRead-${name}`, { enhancedFanOut: false }));
  }
  return { role, policies };
}
